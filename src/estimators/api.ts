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
  /**
   * Set when the training was stopped early by a learning-curve rule
   * (`EarlyStoppingEstimator`): the epochs it trained. Its score is then the
   * predicted final score, not a measured one.
   */
  readonly stoppedAt?: number;
}

/**
 * The dimensions besides epochs a budget may reduce (Elsken et al. 2019,
 * section 4: lower fidelities are fewer epochs, fewer images, smaller images
 * or networks; Li et al. 2017 use training-set size as Hyperband's resource
 * too). Each absent one is the recipe's.
 */
export interface BudgetDimensions {
  /** Train on this many of the recipe's training images (a class-balanced seeded subset). */
  readonly images?: number;
  /** Images area-resized to this height (= width) in pixels, training and evaluation alike. */
  readonly imageSize?: number;
  /** The network's initial channels (its width). */
  readonly channels?: number;
}

/**
 * A fidelity (Li et al. 2017, Hyperband; Falkner et al. 2018, BOHB): how much
 * training an estimate may cost. Epochs of the estimator's own recipe (the
 * cosine schedule stays the recipe's, see each estimator), and optionally
 * fewer images, smaller images or a narrower network (`BudgetDimensions`),
 * for estimators that say they can (`budgetMaxima`).
 */
export interface Budget extends BudgetDimensions {
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
  /**
   * The recipe's value of each dimension besides epochs a budget may reduce
   * (its largest); a dimension absent here is refused in a budget (a table
   * answers its own recipe's images, size and width only).
   */
  readonly budgetMaxima?: BudgetDimensions;
  /**
   * True when an estimator's cost at a budget is only what that query
   * trained on top of what the search trained of the architecture before (a
   * training continued from its checkpoint): the costs of one
   * architecture's rising budgets add up to one training's.
   */
  readonly continuesTrainings?: boolean;
  /** Free what the estimator holds (a supernet's tensors ...). */
  dispose?(): void;
  /**
   * A new search starts (a seed of a black-box run): estimators that keep
   * per-search state (an early-stopping incumbent, the epochs a search has
   * trained of each architecture) forget it.
   */
  beginSearch?(): void;
  /**
   * An answer the search already had (replayed from its history on resume),
   * shown to the estimator so that its per-search state is what it was when
   * the answer was first given.
   */
  observe?(genotype: Genotype, estimate: Estimate, budget?: Budget): void;
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
