import type { Rng } from '../../random/index.js';

/** How `bootstrapCI` resamples. */
export interface BootstrapOptions {
  /** Resamples to draw (default 1000); skipped NaN resamples are not redrawn, so fewer may count. */
  readonly samples?: number;
  /** Two-sided coverage of the interval, in (0, 1) (default 0.95). */
  readonly level?: number;
  /** Required rather than defaulted, so every reported interval can be replayed from its seed. */
  readonly rng: Rng;
}

/**
 * A percentile bootstrap interval and how many resamples it rests on, so a
 * report can say when many resamples were undefined (e.g. all tied) and the
 * interval is built from fewer than were asked for.
 */
export interface BootstrapInterval {
  /** The statistic on all `n` indices, not the mean of the resamples. */
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  /** Resamples whose statistic was a number and entered the percentiles. */
  readonly resamples: number;
  /** Resamples whose statistic was NaN and were left out. */
  readonly skipped: number;
}
