import { NasError } from '../../errors.js';
import { tableArchitectures } from '../../compare/table-pool.js';
import { seededPermutation } from '../../random/index.js';
import { computationKey, uniqueGenotypes } from '../../space/index.js';
import type { Genotype, SearchSpace } from '../../space/api.js';

/**
 * The architectures a pruning step ranks: a table's (`--within-table`, one
 * per computation, in the table's order), or the space's distinct
 * computations (NB201: 6,466), all or a seeded sample of `k`.
 */
export type PrunePool =
  | { readonly kind: 'table'; readonly file: string }
  | { readonly kind: 'space'; readonly k: number | null; readonly seed: string };

/** The pool's architectures, one per computation, in a fixed order (the same on every resume). */
export function poolArchitectures(space: SearchSpace, pool: PrunePool): Genotype[] {
  if (pool.kind === 'table') {
    const seen = new Set<string>();
    return tableArchitectures(space, pool.file).filter((g) => {
      const key = computationKey(space, g);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  const all = uniqueGenotypes(space);
  if (pool.k === null) return all;
  if (!(Number.isInteger(pool.k) && pool.k >= 2 && pool.k <= all.length))
    throw new NasError(`--k must be a whole number from 2 to ${all.length} (the ${space.name} space's computations), got ${pool.k}`);
  const order = seededPermutation(all.length, `${pool.seed}/prune-pool`);
  return Array.from(order.subarray(0, pool.k), (i) => all[i]!);
}

/**
 * The indices of the top `keep` share of `scores` (at least two, so the
 * fine-tuning still moves between architectures), best first; ties keep
 * the pool's order.
 */
export function topShare(scores: readonly number[], keep: number): number[] {
  if (!(keep > 0 && keep <= 1)) throw new NasError(`--keep must be a share in (0, 1], got ${keep}`);
  const count = Math.min(scores.length, Math.max(2, Math.ceil(keep * scores.length)));
  return scores
    .map((s, i) => [s, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, count)
    .map(([, i]) => i);
}
