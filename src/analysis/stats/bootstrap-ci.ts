import { NasError } from '../../errors.js';
import { randomIndex } from '../../random/index.js';
import type { BootstrapInterval, BootstrapOptions } from './api.js';

/**
 * A percentile bootstrap confidence interval (Efron & Tibshirani 1993, ch. 13)
 * for a statistic of `n` paired observations. Each resample draws `n` indices
 * with replacement and hands them to `statistic`, which reads both score
 * lists at those indices: resampling architectures, not the two lists
 * separately, keeps each supernet score with its own stand-alone score.
 *
 * The bounds are the `(1 - level) / 2` and `(1 + level) / 2` quantiles of the
 * resampled statistics with linear interpolation (numpy's default, as
 * scipy.stats.bootstrap's `'percentile'` method uses).
 *
 * A resample whose statistic is NaN (e.g. one architecture drawn `n` times,
 * so every score ties) is skipped and counted, not redrawn, so the caller sees
 * how many resamples the interval rests on. When the statistic on all indices
 * is NaN (constant data) the result is all NaN and no resampling is done,
 * since there is nothing to bracket.
 */
export function bootstrapCI(
  statistic: (indices: number[]) => number,
  n: number,
  { samples = 1000, level = 0.95, rng }: BootstrapOptions,
): BootstrapInterval {
  if (!Number.isInteger(n) || n < 1) throw new NasError(`bootstrapCI: n must be a positive integer, not ${n}`);
  if (!Number.isInteger(samples) || samples < 1) {
    throw new NasError(`bootstrapCI: samples must be a positive integer, not ${samples}`);
  }
  if (!(level > 0 && level < 1)) throw new NasError(`bootstrapCI: level must be in (0, 1), not ${level}`);
  const estimate = statistic(Array.from({ length: n }, (_, i) => i));
  if (Number.isNaN(estimate)) {
    return { estimate, low: Number.NaN, high: Number.NaN, resamples: 0, skipped: samples };
  }
  const values: number[] = [];
  const indices = new Array<number>(n);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) indices[i] = randomIndex(rng, n);
    const value = statistic(indices.slice());
    if (!Number.isNaN(value)) values.push(value);
  }
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return {
    estimate,
    low: quantile(values, tail),
    high: quantile(values, 1 - tail),
    resamples: values.length,
    skipped: samples - values.length,
  };
}

/** The `q` quantile of ascending `sorted` by linear interpolation between order statistics; NaN when empty. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}
