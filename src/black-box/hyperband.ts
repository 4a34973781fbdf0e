import type { Estimator } from '../estimators/api.js';
import { NasError } from '../errors.js';
import type { Rng } from '../random/index.js';
import { canonicalString, type ArchitectureMoves } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import { QueryLog, movesFor, type BlackBoxStrategy, type Query, type WithinOption } from './api.js';
import { hyperbandBrackets, type HyperbandOptions } from './hyperband-schedule.js';

/** An architecture measured at a budget: what a model-based sampler learns from. */
export interface Observation {
  readonly genotype: Genotype;
  readonly epochs: number;
  readonly score: number;
}

/** Proposes the architectures a bracket starts with, by `moves` (the whole space or a pool): uniformly (Hyperband) or from a model (BOHB). */
export interface BracketSampler {
  readonly name: string;
  propose(moves: ArchitectureMoves, observations: readonly Observation[], rng: Rng): Genotype;
}

/** Hyperband's own sampler: uniform draws from the space (or the pool). */
export const uniformSampler: BracketSampler = { name: 'uniform', propose: (moves, _observations, rng) => moves.sample(rng) };

export const HYPERBAND_DEFAULTS = { eta: 3, minBudget: 1 } as const;

/**
 * Hyperband (Li et al. 2017, JMLR): the brackets of `hyperbandBrackets`,
 * repeated in turn until the query budget is spent, each running successive
 * halving: its architectures are estimated at the bracket's first budget, the
 * best 1/eta go on to eta times more epochs, and so on up to the largest
 * budget. Each estimate at a budget is one query (with `budget` in its
 * history line; its cost is the estimator's, e.g. seconds of training up to
 * that epoch on a table); an estimator that trains continues a promoted
 * architecture's run rather than starting again. The estimator must answer
 * budgets (`maxEpochs`): on one without fidelities every round would cost
 * full training and Hyperband would be random search that pays more.
 * With a model-based `sampler` this is BOHB's loop (Falkner et al. 2018).
 * `within` a pool (a partial table's), the brackets draw only its members.
 */
export class Hyperband implements BlackBoxStrategy {
  readonly name: string;

  constructor(
    private readonly options: Partial<HyperbandOptions> & WithinOption = {},
    private readonly sampler: BracketSampler = uniformSampler,
    name = 'hyperband',
  ) {
    this.name = name;
  }

  async run(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<Query[]> {
    const maxEpochs = estimator.maxEpochs;
    if (maxEpochs === undefined)
      throw new NasError(
        `${this.name} needs an estimator that answers budgets (a table with per-epoch curves, or retrain); ${estimator.name} does not`,
      );
    const maxBudget = this.options.maxBudget ?? maxEpochs;
    if (maxBudget > maxEpochs)
      throw new NasError(`--max-budget ${maxBudget} is above the recipe's ${maxEpochs} epochs (${estimator.name})`);
    const brackets = hyperbandBrackets({
      eta: this.options.eta ?? HYPERBAND_DEFAULTS.eta,
      minBudget: this.options.minBudget ?? HYPERBAND_DEFAULTS.minBudget,
      maxBudget,
    });
    const moves = movesFor(estimator, this.options.within);
    const log = new QueryLog(onQuery);
    const observations: Observation[] = [];
    for (let b = 0; log.history.length < budget; b = (b + 1) % brackets.length) {
      const bracket = brackets[b]!;
      let alive: Genotype[] = [];
      for (let i = 0; i < bracket.rounds[0]!.count; i++) alive.push(this.sampler.propose(moves, observations, rng));
      for (const [i, round] of bracket.rounds.entries()) {
        const scored: { genotype: Genotype; score: number }[] = [];
        for (const genotype of alive) {
          if (log.history.length >= budget) return log.history;
          const estimate = await estimator.estimate(genotype, { epochs: round.epochs });
          log.record(canonicalString(genotype), estimate, round.epochs);
          observations.push({ genotype, epochs: round.epochs, score: estimate.score });
          scored.push({ genotype, score: estimate.score });
        }
        // Stable sort: ties keep the order they were drawn in, so a resumed run promotes the same ones.
        scored.sort((x, y) => y.score - x.score);
        const next = bracket.rounds[i + 1]?.count ?? 0;
        alive = scored.slice(0, next).map((e) => e.genotype);
      }
    }
    return log.history;
  }
}
