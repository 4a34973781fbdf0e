import { randomIndex } from '../../random/index.js';
import type { DecisionGroup, SampledMode } from '../../supernet/api.js';
import { SinglePathStrategy } from './single-path.js';

/** A uniform permutation of `0 .. n-1` drawn from `rng` (Fisher-Yates). */
function permutation(n: number, rng: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomIndex(rng, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * FairNAS's strictly fair paths (Chu, Zhang & Xu 2019, "FairNAS: Rethinking
 * Evaluation Fairness of Weight Sharing Neural Architecture Search", alg. 1):
 * per row of every group, a uniform permutation of its options; path `j`
 * runs option `perm[j]` of every row. Over the `k` paths (the most options
 * any row has) every option of every row runs exactly once (a row with fewer
 * options starts its permutation again). Each path is one op per row
 * (`masked` mode).
 */
export function fairPaths(groups: readonly DecisionGroup[], rng: () => number): SampledMode[] {
  const k = Math.max(1, ...groups.map((g) => g.options.length));
  const orders = groups.map((g) => Array.from({ length: g.rows }, () => permutation(g.options.length, rng)));
  return Array.from({ length: k }, (_, j) => ({
    kind: 'masked',
    masks: Object.fromEntries(
      groups.map((g, gi) => [g.name, orders[gi]!.map((order) => g.options.map((_, o) => o === order[j % order.length]))]),
    ),
  }));
}

/**
 * FairNAS with strict fairness: each step trains the `k` fair paths on the
 * same train batch and sums their gradients into one update of the shared
 * weights, so every op of every edge gets exactly one gradient per step
 * (the paper's remedy for the bias toward ops a sampler happens to favour).
 * Derivation as the other samplers: candidates scored on the fixed score
 * batches, best kept.
 */
export class FairNas extends SinglePathStrategy {
  readonly name = 'fair';

  protected paths(_step: number, rng: () => number): SampledMode[] {
    return fairPaths(this.b.supernet.decisions(), rng);
  }
}
