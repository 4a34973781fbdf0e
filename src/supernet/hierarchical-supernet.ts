import type { HierarchicalSkeleton } from '../../supernets/hierarchical.js';
import type { Genotype, HierarchicalArchitecture, HierarchicalSpace } from '../space/api.js';
import { SeedStream } from '../ops/init.js';
import type { RowChoice, Selection } from './api.js';
import type { SupernetOptions } from './cell-supernet.js';
import { HierarchicalNetwork } from './hierarchical-network.js';
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
    const network = new HierarchicalNetwork(hierarchicalSpace, skeleton, false, seeds);
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
    const { levels } = genotype as HierarchicalArchitecture;
    const selection: Record<string, RowChoice[]> = {};
    levels.forEach((motifs, l) => {
      const options = motifOptions(this.hierarchicalSpace, l + 2);
      motifs.forEach((motif, i) => {
        const edges = motifEdges(this.hierarchicalSpace, l + 2);
        const rows: RowChoice[] = edges.map(() => ({ options: [] }));
        motif.nodes.forEach((incoming, k) => {
          for (const { from, op } of incoming) {
            const e = edges.findIndex((edge) => edge.from === from && edge.to === k + 1);
            const option = options.indexOf(op);
            if (e < 0 || option < 0)
              throw new Error(`motif ${motifGroupName(l + 2, i)} edge ${from} -> ${k + 1} (${op}) is not in the space`);
            rows[e] = { options: [option] };
          }
        });
        selection[motifGroupName(l + 2, i)] = rows;
      });
    });
    return selection;
  }
}
