import type { Estimator } from '../estimators/api.js';
import type { Rng } from '../random/index.js';
import { canonicalString } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import { QueryLog, movesFor, type BlackBoxStrategy, type Query, type WithinOption } from './api.js';

/**
 * Local search (hill climbing, as in White et al. 2021, "Exploring the loss
 * landscape in NAS"): from a random architecture, query
 * its neighbours (one op or one input changed) in random order and move to
 * the best of them when it improves; at a local optimum, restart from a new
 * random architecture. Architectures already queried are not queried again.
 * `within` a pool (a partial table's), starts and neighbours stay in it.
 */
export class LocalSearch implements BlackBoxStrategy {
  readonly name = 'local';

  constructor(private readonly options: WithinOption = {}) {}

  async run(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<Query[]> {
    const log = new QueryLog(onQuery);
    const scores = new Map<string, number>();
    const moves = movesFor(estimator, this.options.within);
    const query = async (genotype: Genotype): Promise<number> => {
      const key = canonicalString(genotype);
      const known = scores.get(key);
      if (known !== undefined) return known;
      const estimate = await estimator.estimate(genotype);
      log.record(key, estimate);
      scores.set(key, estimate.score);
      return estimate.score;
    };
    while (log.history.length < budget) {
      let current = moves.sample(rng);
      let currentScore = await query(current);
      let improved = true;
      while (improved && log.history.length < budget) {
        improved = false;
        const candidates = shuffled(moves.neighbours(current), rng);
        let best: { genotype: Genotype; score: number } | null = null;
        for (const n of candidates) {
          if (log.history.length >= budget) break;
          const s = await query(n);
          if (s > (best?.score ?? -Infinity)) best = { genotype: n, score: s };
        }
        if (best && best.score > currentScore) [current, currentScore, improved] = [best.genotype, best.score, true];
      }
    }
    return log.history;
  }
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
