import type { ChainSkeleton } from '../../supernets/chain.js';
import type { ChainArchitecture, ChainSpace, Genotype } from '../space/api.js';
import { SeedStream } from '../ops/init.js';
import type { Selection } from './api.js';
import { ChainNetwork } from './chain-network.js';
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
    const network = new ChainNetwork(chainSpace, skeleton, () => chainSpace.ops, { affine: false, poolBn: false }, seeds);
    const groups = [
      { name: 'op', rows: chainSpace.depth, options: chainSpace.ops },
      { name: 'width', rows: chainSpace.depth, options: chainSpace.widths.map(String) },
    ];
    const none = chainSpace.ops.includes('none') ? 'none' : null;
    super(chainSpace, network, groups, none, seeds, options.alphaScale ?? 1e-3);
  }

  protected fixedSelection(genotype: Genotype): Selection {
    const { layers } = genotype as ChainArchitecture;
    const pick = (options: readonly (string | number)[], value: string | number, what: string) => {
      const k = options.indexOf(value);
      if (k < 0) throw new Error(`chain genotype ${what} '${value}' is not in space '${this.chainSpace.name}'`);
      return { options: [k] };
    };
    return {
      op: layers.map((layer) => pick(this.chainSpace.ops, layer.op, 'op')),
      width: layers.map((layer) => pick(this.chainSpace.widths, layer.width, 'width')),
    };
  }
}
