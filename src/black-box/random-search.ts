import type { Estimator } from '../estimators/api.js';
import type { Rng } from '../random/index.js';
import { canonicalString, sampleGenotype } from '../space/index.js';
import { QueryLog, type Query, type BlackBoxStrategy } from './api.js';

/** Draws before accepting a repeated architecture (a space smaller than the budget). */
const REDRAWS = 100;

/**
 * Random search (Li & Talwalkar 2019's baseline): architectures drawn
 * uniformly from the space, each queried once (repeats are redrawn).
 */
export class RandomSearch implements BlackBoxStrategy {
  readonly name = 'random';

  async run(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<Query[]> {
    const log = new QueryLog(onQuery);
    const seen = new Set<string>();
    while (log.history.length < budget) {
      let genotype = sampleGenotype(estimator.space, rng);
      for (let i = 0; i < REDRAWS && seen.has(canonicalString(genotype)); i++) genotype = sampleGenotype(estimator.space, rng);
      const key = canonicalString(genotype);
      seen.add(key);
      log.record(key, await estimator.estimate(genotype));
    }
    return log.history;
  }
}
