import { match } from 'ts-pattern';
import type { CellSkeleton } from '../../supernets/index.js';
import type { CellSpace, CellType } from '../space/api.js';
import type { SeedStream } from '../ops/init.js';
import type { SelectionNetwork } from './supernet-base.js';
import { DartsNetwork } from './darts-network.js';
import { Nb201Network } from './nb201-network.js';
import type { DropPath } from './drop-path.js';

/** How a network's cells are filled. */
export interface NetworkOptions {
  /** Ops present on edge `e` of cells of a type. */
  readonly edgeOps: (type: CellType, edge: number) => readonly string[];
  /** Learnable BN scale/shift inside cells (false while searching). */
  readonly affine: boolean;
  /** BN after pooling ops inside cells (DARTS search). */
  readonly poolBn: boolean;
  /** Recompute each cell in the backward pass instead of keeping its activations (DARTS network). */
  readonly recomputeCells?: boolean;
  /** PC-DARTS partial channels K in every cell (1: off). */
  readonly partialChannels?: number;
  /** Drop-path inside cells while training (retrained networks). */
  readonly dropPath?: DropPath;
  /** An auxiliary classifier after the cell at 2/3 depth (DARTS evaluation network); needs `inputSize`. */
  readonly auxiliary?: boolean;
  /** Height (= width) of the input images; the auxiliary head's pooling depends on it. */
  readonly inputSize?: number;
}

/** A cell-stacking network: what supernets and stand-alone networks share. */
export type CellNetwork = SelectionNetwork;

/** Build the skeleton's network over a cell space. */
export function buildCellNetwork(space: CellSpace, skeleton: CellSkeleton, options: NetworkOptions, seeds: SeedStream): CellNetwork {
  return match(skeleton)
    .with({ kind: 'darts' }, (s) => new DartsNetwork(space, s, options, seeds))
    .with({ kind: 'nb201' }, (s) => new Nb201Network(space, s, options, seeds))
    .exhaustive();
}

/** DARTS's search setting: BN after pools in the mixed op; NB201's ops have none. */
export function searchPoolBn(skeleton: CellSkeleton): boolean {
  return skeleton.kind === 'darts';
}
