import type { Genotype, SearchSpace } from '../space/api.js';

/** What an estimator says of one architecture. */
export interface Estimate {
  /** The score a strategy maximises (e.g. validation accuracy, %). */
  readonly score: number;
  /** What the query cost (queries, seconds of training ...), in the estimator's unit. */
  readonly cost: number;
  /** A held-out score to report but never to search on (a table's test accuracy), when known. */
  readonly test?: number;
}

/**
 * A performance estimator of architectures of one space: a tabular
 * benchmark, a trained supernet, or stand-alone training. Search strategies
 * see only this.
 */
export interface Estimator {
  readonly name: string;
  readonly space: SearchSpace;
  estimate(genotype: Genotype): Promise<Estimate>;
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
