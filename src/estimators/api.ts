import type { Genotype, SearchSpace } from '../space/api.js';

/** What an estimator says of one architecture. */
export interface Estimate {
  /** The score a strategy maximises (e.g. validation accuracy, %). */
  readonly score: number;
  /** What the query cost (queries, seconds of training ...), in the estimator's unit. */
  readonly cost: number;
  /** A held-out score to report but never to search on (a table's test accuracy), when known. */
  readonly test?: number;
  /** The score after each epoch trained so far (epoch 1 first), when the estimator knows it: what a learning-curve predictor fits. */
  readonly curve?: readonly number[];
}

/**
 * A fidelity (Li et al. 2017, Hyperband; Falkner et al. 2018, BOHB): how much
 * training an estimate may cost. Epochs of the estimator's own recipe; the
 * cosine schedule stays the recipe's (see each estimator).
 */
export interface Budget {
  readonly epochs: number;
}

/**
 * A performance estimator of architectures of one space: a tabular
 * benchmark, a trained supernet, or stand-alone training. Search strategies
 * see only this.
 */
export interface Estimator {
  readonly name: string;
  readonly space: SearchSpace;
  /**
   * The estimate at full fidelity, or, given a budget, after `budget.epochs`
   * epochs (estimators without fidelities, `maxEpochs` undefined, ignore it).
   */
  estimate(genotype: Genotype, budget?: Budget): Promise<Estimate>;
  /** The recipe's epochs: the largest budget the estimator answers, when it answers budgets. */
  readonly maxEpochs?: number;
  /** Free what the estimator holds (a supernet's tensors ...). */
  dispose?(): void;
}

/**
 * Thrown by `estimate` when a stop was requested while it worked (a
 * retraining checkpointed mid-way): the search ends there and resumes later.
 */
export class EstimateStopped extends Error {
  constructor(what: string) {
    super(`stopped while estimating ${what}`);
  }
}
