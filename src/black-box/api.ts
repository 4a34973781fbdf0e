import { NasError } from '../errors.js';
import type { BudgetDimensions, Estimate, Estimator } from '../estimators/api.js';
import type { Rng } from '../random/index.js';
import { wholeSpace, type ArchitectureMoves } from '../space/index.js';
import type { Genotype } from '../space/api.js';

/** One query of a black-box search: what was asked and what the estimator said. */
export interface Query {
  readonly index: number;
  readonly genotype: string;
  readonly score: number;
  readonly test: number | null;
  /** What the estimator said the query cost (0 for a cached answer). */
  readonly cost: number;
  /** The best score so far (this query included) and that architecture's test score. */
  readonly bestScore: number;
  readonly bestTest: number | null;
  /** The fidelity it was asked at (epochs), for strategies that ask budgets (Hyperband, BOHB); absent: full fidelity. */
  readonly budget?: number;
  /** The budget's dimensions besides epochs (fewer images ...: `nas hyperband --budget-dim`); absent: the recipe's. */
  readonly dimensions?: BudgetDimensions;
}

/** A black-box search strategy over an estimator, with a query budget. */
export interface BlackBoxStrategy {
  readonly name: string;
  run(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<Query[]>;
  /** What the last `run` found beyond its history (e.g. a Pareto front), as plain JSON for `result.json`. */
  report?(): unknown;
}

/** Query bookkeeping shared by the strategies: history, best so far. */
export class QueryLog {
  readonly history: Query[] = [];
  private best: { score: number; test: number | null } = { score: -Infinity, test: null };

  constructor(private readonly onQuery?: (q: Query) => void) {}

  record(genotype: string, estimate: Estimate, budget?: number, dimensions?: BudgetDimensions): Query {
    if (estimate.score > this.best.score) this.best = { score: estimate.score, test: estimate.test ?? null };
    const q: Query = {
      index: this.history.length,
      genotype,
      score: estimate.score,
      test: estimate.test ?? null,
      cost: estimate.cost,
      bestScore: this.best.score,
      bestTest: this.best.test,
      ...(budget !== undefined ? { budget } : {}),
      ...(dimensions !== undefined ? { dimensions } : {}),
    };
    this.history.push(q);
    this.onQuery?.(q);
    return q;
  }
}

/** What a strategy may be restricted to: `within` a pool of architectures (a partial table's); absent, the whole space. */
export interface WithinOption {
  readonly within?: ArchitectureMoves;
}

/**
 * The moves a strategy makes on `estimator`'s space: `within` when given (it
 * must be of the same space: a one-line `NasError` otherwise), else the whole
 * space.
 */
export function movesFor(estimator: Estimator, within: ArchitectureMoves | undefined): ArchitectureMoves {
  if (within === undefined) return wholeSpace(estimator.space);
  if (within.space.name !== estimator.space.name)
    throw new NasError(
      `a search restricted to ${within.description} cannot run on ${estimator.name}, of the ${estimator.space.name} space`,
    );
  return within;
}

export type { Genotype };
