import { NasError } from '../errors.js';
import { createRng } from '../random/index.js';
import { computationKey, sampleGenotype } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import type { Estimate, Estimator } from './api.js';

/** The share of `sorted` below `value`, ties counting half: a mid-rank percentile in [0, 1]. */
export function percentile(sorted: readonly number[], value: number): number {
  let below = 0;
  let equal = 0;
  for (const v of sorted) {
    if (v < value) below++;
    else if (v === value) equal++;
  }
  return (below + equal / 2) / sorted.length;
}

/**
 * Several estimators as one: an architecture's score is the mean over the
 * estimators of its percentile among a fixed reference sample of the space
 * (drawn once, distinct as computations, scored by every estimator when the
 * combination is made), so scores on different scales (accuracies, log
 * synflow, weight counts) count alike and an answer does not depend on what
 * was asked before, as a rank among past queries would. Cost: the sum of
 * the parts' costs. Abdelfattah et al. (ICLR 2021) combine proxies by votes;
 * a mean rank is the smooth form of the same idea.
 */
export class RankAverageEstimator implements Estimator {
  readonly name: string;

  private constructor(
    readonly space: SearchSpace,
    private readonly parts: readonly Estimator[],
    private readonly references: readonly (readonly number[])[],
    name: string | undefined,
  ) {
    this.name = name ?? `rank:${parts.map((p) => p.name).join(',')}`;
  }

  /**
   * Score `size` reference architectures drawn with `seed` with every part;
   * the combination owns the parts from here. `name` replaces the default
   * `rank:PART,...` (a snapshot ensemble names itself after its run).
   */
  static async create(parts: readonly Estimator[], size: number, seed: string, name?: string): Promise<RankAverageEstimator> {
    if (parts.length < 2) throw new NasError(`a rank average needs at least two estimators, got ${parts.length}`);
    if (!(Number.isInteger(size) && size >= 2)) throw new NasError(`--rank-reference must be an integer >= 2, got ${size}`);
    const space = parts[0]!.space;
    const other = parts.find((p) => p.space.name !== space.name);
    if (other) throw new NasError(`${other.name} scores the '${other.space.name}' space, ${parts[0]!.name} the '${space.name}' space`);
    const rng = createRng(`${seed}/rank-reference`);
    const seen = new Set<string>();
    const reference: Genotype[] = [];
    for (let tries = 0; reference.length < size; tries++) {
      if (tries > 100 * size) throw new NasError(`cannot draw ${size} distinct reference architectures from the ${space.name} space`);
      const g = sampleGenotype(space, rng);
      const key = computationKey(space, g);
      if (seen.has(key)) continue;
      seen.add(key);
      reference.push(g);
    }
    const references: number[][] = [];
    for (const part of parts) {
      const scores: number[] = [];
      for (const g of reference) scores.push((await part.estimate(g)).score);
      references.push(scores.sort((a, b) => a - b));
    }
    return new RankAverageEstimator(space, parts, references, name);
  }

  async estimate(genotype: Genotype): Promise<Estimate> {
    let score = 0;
    let cost = 0;
    for (let i = 0; i < this.parts.length; i++) {
      const e = await this.parts[i]!.estimate(genotype);
      score += percentile(this.references[i]!, e.score) / this.parts.length;
      cost += e.cost;
    }
    return { score, cost };
  }

  dispose(): void {
    for (const p of this.parts) p.dispose?.();
  }
}
