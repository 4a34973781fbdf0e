import type { ChainSkeleton } from '../../supernets/chain.js';
import type { ChainArchitecture, ChainSpace, Genotype } from '../space/api.js';
import { SeedStream } from '../ops/init.js';
import type { Selection } from './api.js';
import { ChainNetwork } from './chain-network.js';
import { chainSelection } from './genotype-selection.js';
import type { SupernetOptions } from './cell-supernet.js';
import { SupernetBase } from './supernet-base.js';

/** The supernet of a chain space: groups `op` and `width`, one row per layer. */
export class ChainSupernet extends SupernetBase {
  constructor(
    readonly chainSpace: ChainSpace,
    readonly skeleton: ChainSkeleton,
    options: SupernetOptions = {},
  ) {
    const seeds = new SeedStream(options.seed ?? 0);
    const network = new ChainNetwork(chainSpace, skeleton, () => chainSpace.ops, { affine: options.affine ?? false, poolBn: false }, seeds);
    const groups = [
      { name: 'op', rows: chainSpace.depth, options: chainSpace.ops },
      { name: 'width', rows: chainSpace.depth, options: chainSpace.widths.map(String) },
    ];
    const none = chainSpace.ops.includes('none') ? 'none' : null;
    super(chainSpace, network, groups, none, seeds, options.alphaScale ?? 1e-3);
  }

  protected fixedSelection(genotype: Genotype): Selection {
    return chainSelection(this.chainSpace, genotype as ChainArchitecture);
  }
}
