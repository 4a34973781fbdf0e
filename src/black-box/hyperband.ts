import type { Budget, Estimator } from '../estimators/api.js';
import { BUDGET_DIMENSIONS, type BudgetDimension, budgetDimensionsOf } from '../estimators/budget.js';
import { NasError } from '../errors.js';
import type { Rng } from '../random/index.js';
import { canonicalString, type ArchitectureMoves } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import { QueryLog, movesFor, type BlackBoxStrategy, type Query, type WithinOption } from './api.js';
import { type Bracket, hyperbandBrackets, type HyperbandOptions } from './hyperband-schedule.js';

/** An architecture measured at a budget: what a model-based sampler learns from. */
export interface Observation {
  readonly genotype: Genotype;
  /** The budget on the brackets' dimension (epochs, or images ...): larger is a higher fidelity. */
  readonly budget: number;
  readonly score: number;
}

/** What Hyperband's budgets count: epochs of the recipe (default), or one of the dimensions besides (`BudgetDimensions`) at the recipe's epochs. */
export type HyperbandDimension = 'epochs' | BudgetDimension;

export interface HyperbandStrategyOptions extends Partial<HyperbandOptions>, WithinOption {
  /** Default epochs; another dimension needs `minBudget` in its unit (images, pixels, channels). */
  readonly dimension?: HyperbandDimension;
}

/** Proposes the architectures a bracket starts with, by `moves` (the whole space or a pool): uniformly (Hyperband) or from a model (BOHB). */
export interface BracketSampler {
  readonly name: string;
  propose(moves: ArchitectureMoves, observations: readonly Observation[], rng: Rng): Genotype;
}

/** Hyperband's own sampler: uniform draws from the space (or the pool). */
export const uniformSampler: BracketSampler = { name: 'uniform', propose: (moves, _observations, rng) => moves.sample(rng) };

export const HYPERBAND_DEFAULTS = { eta: 3, minBudget: 1 } as const;

/** A budget of `value` on `dimension`: epochs as asked, or the recipe's epochs with that dimension reduced. */
function budgetOn(dimension: HyperbandDimension, value: number, maxEpochs: number): Budget {
  return dimension === 'epochs' ? { epochs: value } : { epochs: maxEpochs, [dimension]: value };
}

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
 * With `dimension` other than epochs (Li et al. 2017 use the training-set
 * size as a resource too), every round trains the recipe's epochs on the
 * round's number of images, image size or width (`budgetMaxima` of the
 * estimator is the largest); such a training cannot continue one of other
 * images or width, so a promotion pays its whole training.
 * With a model-based `sampler` this is BOHB's loop (Falkner et al. 2018).
 * `within` a pool (a partial table's), the brackets draw only its members.
 */
export class Hyperband implements BlackBoxStrategy {
  readonly name: string;

  constructor(
    private readonly options: HyperbandStrategyOptions = {},
    private readonly sampler: BracketSampler = uniformSampler,
    name = 'hyperband',
  ) {
    this.name = name;
  }

  /**
   * The brackets on `estimator`, its settings checked: each wrong one (an
   * estimator without budgets, a budget above the recipe's, a dimension the
   * estimator does not vary) is a one-line `NasError`. Called by `run`, and
   * by the CLI before a run directory is made.
   */
  brackets(estimator: Estimator): { brackets: Bracket[]; dimension: HyperbandDimension; maxEpochs: number } {
    const maxEpochs = estimator.maxEpochs;
    if (maxEpochs === undefined)
      throw new NasError(
        `${this.name} needs an estimator that answers budgets (a table with per-epoch curves, or retrain); ${estimator.name} does not`,
      );
    const dimension = this.options.dimension ?? 'epochs';
    const recipe = dimension === 'epochs' ? maxEpochs : estimator.budgetMaxima?.[dimension];
    const unit = dimension === 'epochs' ? 'epochs' : BUDGET_DIMENSIONS[dimension].unit;
    if (recipe === undefined)
      throw new NasError(
        `--budget-dim ${BUDGET_DIMENSIONS[dimension as BudgetDimension].flag}: ${estimator.name} answers no budget in ${unit}`,
      );
    const maxBudget = this.options.maxBudget ?? recipe;
    if (maxBudget > recipe) throw new NasError(`--max-budget ${maxBudget} is above the recipe's ${recipe} ${unit} (${estimator.name})`);
    if (dimension !== 'epochs' && this.options.minBudget === undefined)
      throw new NasError(`--budget-dim ${BUDGET_DIMENSIONS[dimension].flag} needs --min-budget: the ${unit} of the first round`);
    const brackets = hyperbandBrackets({
      eta: this.options.eta ?? HYPERBAND_DEFAULTS.eta,
      minBudget: this.options.minBudget ?? HYPERBAND_DEFAULTS.minBudget,
      maxBudget,
    });
    return { brackets, dimension, maxEpochs };
  }

  async run(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<Query[]> {
    const { brackets, dimension, maxEpochs } = this.brackets(estimator);
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
          const asked = budgetOn(dimension, round.budget, maxEpochs);
          const estimate = await estimator.estimate(genotype, asked);
          log.record(canonicalString(genotype), estimate, asked.epochs, budgetDimensionsOf(asked));
          observations.push({ genotype, budget: round.budget, score: estimate.score });
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
