import type { Estimator } from '../estimators/api.js';
import type { Rng } from '../random/index.js';
import { canonicalString } from '../space/index.js';
import { QueryLog, movesFor, type Query, type BlackBoxStrategy, type WithinOption } from './api.js';

/** Draws before accepting a repeated architecture (a space smaller than the budget). */
const REDRAWS = 100;

/**
 * Random search (Li & Talwalkar 2019's baseline): architectures drawn
 * uniformly from the space (or `within` a pool, e.g. a partial table's),
 * each queried once (repeats are redrawn).
 */
export class RandomSearch implements BlackBoxStrategy {
  readonly name = 'random';

  constructor(private readonly options: WithinOption = {}) {}

  async run(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<Query[]> {
    const log = new QueryLog(onQuery);
    const seen = new Set<string>();
    const moves = movesFor(estimator, this.options.within);
    while (log.history.length < budget) {
      let genotype = moves.sample(rng);
      for (let i = 0; i < REDRAWS && seen.has(canonicalString(genotype)); i++) genotype = moves.sample(rng);
      const key = canonicalString(genotype);
      seen.add(key);
      log.record(key, await estimator.estimate(genotype));
    }
    return log.history;
  }
}
