import { NasError } from '../src/errors.js';
import { DARTS_BENCH, DARTS_SEARCH, type DartsSkeleton } from './darts.js';
import { NB201_NETWORK, type Nb201Skeleton } from './nb201.js';
import { CHAIN_NETWORK, type ChainSkeleton } from './chain.js';
import { HIERARCHICAL_NETWORK, type HierarchicalSkeleton } from './hierarchical.js';

export { DARTS_BENCH, DARTS_SEARCH, dartsReductionLayers, type DartsSkeleton } from './darts.js';
export { NB201_NETWORK, type Nb201Skeleton } from './nb201.js';
export { CHAIN_NETWORK, type ChainSkeleton } from './chain.js';
export { HIERARCHICAL_NETWORK, type HierarchicalSkeleton } from './hierarchical.js';

/** A macro skeleton of a cell space: how cells are stacked into a network. Plain data. */
export type CellSkeleton = DartsSkeleton | Nb201Skeleton;

/** Any macro skeleton. */
export type Skeleton = CellSkeleton | ChainSkeleton | HierarchicalSkeleton;

/** Built-in skeletons by name. */
export const SKELETONS = {
  darts: DARTS_SEARCH,
  'darts-bench': DARTS_BENCH,
  nb201: NB201_NETWORK,
  chain: CHAIN_NETWORK,
  hierarchical: HIERARCHICAL_NETWORK,
} as const satisfies Record<string, Skeleton>;

export function skeletonByName(name: string): Skeleton {
  const skeleton = (SKELETONS as Record<string, Skeleton>)[name];
  if (!skeleton) throw new NasError(`unknown skeleton '${name}' (known: ${Object.keys(SKELETONS).join(', ')})`);
  return skeleton;
}
