import type { HierarchicalSkeleton } from '../../supernets/hierarchical.js';
import type { Genotype, HierarchicalArchitecture, HierarchicalSpace } from '../space/api.js';
import { SeedStream } from '../ops/init.js';
import type { Selection } from './api.js';
import type { SupernetOptions } from './cell-supernet.js';
import { HierarchicalNetwork } from './hierarchical-network.js';
import { hierarchicalSelection } from './genotype-selection.js';
import { motifGroupName } from '../space/index.js';
import { motifEdges, motifOptions } from './motif.js';
import { SupernetBase } from './supernet-base.js';

/**
 * The supernet of a hierarchical space: one decision group per motif
 * (`l2.m0` ... `l3.m0`), rows = the motif's edges, options = primitives at
 * level 2 and `none` plus the lower motifs above.
 */
export class HierarchicalSupernet extends SupernetBase {
  constructor(
    readonly hierarchicalSpace: HierarchicalSpace,
    readonly skeleton: HierarchicalSkeleton,
    options: SupernetOptions = {},
  ) {
    const seeds = new SeedStream(options.seed ?? 0);
    const network = new HierarchicalNetwork(hierarchicalSpace, skeleton, options.affine ?? false, seeds);
    const groups = hierarchicalSpace.levels.flatMap((spec, l) =>
      Array.from({ length: spec.motifs }, (_, i) => ({
        name: motifGroupName(l + 2, i),
        rows: motifEdges(hierarchicalSpace, l + 2).length,
        options: motifOptions(hierarchicalSpace, l + 2),
      })),
    );
    super(hierarchicalSpace, network, groups, hierarchicalSpace.noneOp, seeds, options.alphaScale ?? 1e-3);
  }

  protected fixedSelection(genotype: Genotype): Selection {
    return hierarchicalSelection(this.hierarchicalSpace, genotype as HierarchicalArchitecture);
  }
}
