import type { Skeleton } from '../../../supernets/index.js';
import type { Genotype, SearchSpace } from '../../space/api.js';

/** Whether an objective is better small (costs) or large (accuracy). */
export type Direction = 'min' | 'max';

/**
 * One thing a multi-objective search trades off against the estimator's
 * score: a cost of the architecture (weights, multiply-adds, latency) or any
 * other measure. `measure` is async so an objective may build and run a
 * network, or ask a service.
 */
export interface Objective {
  /** Key of the objective in reports (`objectives: { params: ... }`); unique within one search. */
  readonly name: string;
  readonly direction: Direction;
  measure(genotype: Genotype): Promise<number>;
}

/**
 * The network an architecture-cost objective measures: the stand-alone
 * (fixed) network of the genotype on this skeleton (its channels, cells,
 * input channels and classes), fed one image of `inputShape`.
 */
export interface NetworkCostConfig {
  readonly space: SearchSpace;
  readonly skeleton: Skeleton;
  /** One image, `[height, width, channels]`; channels must be the skeleton's `inputChannels`. */
  readonly inputShape: readonly [number, number, number];
}
