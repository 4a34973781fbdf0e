import { NasError } from '../../errors.js';
import type { HistogramSummary } from './api.js';

let defaultLimits: readonly number[] | null = null;

/**
 * TensorFlow's default bucket limits (`tensorflow/core/lib/histogram/histogram.cc`):
 * from 1e-12 each limit is 1.1 times the last while below 1e20, then
 * `Number.MAX_VALUE`; the same mirrored for negatives, with 0 in between. The
 * buckets are narrow near zero and widen by 10% each, so one fixed set fits
 * weights, gradients and losses alike, and histograms from different steps
 * share their bucket edges. Computed with the same repeated multiplication, so
 * the limits are bit-for-bit TensorFlow's.
 */
export function tensorflowBucketLimits(): readonly number[] {
  if (defaultLimits === null) {
    const positive: number[] = [];
    for (let v = 1e-12; v < 1e20; v *= 1.1) positive.push(v);
    positive.push(Number.MAX_VALUE);
    defaultLimits = Object.freeze([...positive.map((v) => -v).reverse(), 0, ...positive]);
  }
  return defaultLimits;
}

/** Index of the first limit greater than `value` (C++'s `upper_bound`), at most the last index. */
function bucketIndex(limits: readonly number[], value: number): number {
  let low = 0;
  let high = limits.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (limits[mid]! > value) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Summarizes `values` into a `HistogramSummary` over `limits` (TensorFlow's
 * default ones unless given; a value above the last limit counts in the last
 * bucket). Rejects NaN and infinities as TensorFlow's histogram
 * summary does: they have no bucket, and a diverged run should say so rather
 * than log a histogram that silently leaves them out. Rejects an empty set,
 * which has no min or max to show.
 */
export function histogramSummary(values: ArrayLike<number>, limits: readonly number[] = tensorflowBucketLimits()): HistogramSummary {
  if (values.length === 0) throw new NasError('cannot make a histogram of no values');
  if (limits.length === 0) throw new NasError('a histogram needs at least one bucket limit');
  for (let i = 1; i < limits.length; i++) {
    if (!(limits[i]! > limits[i - 1]!))
      throw new NasError(`histogram bucket limits must be strictly increasing, but limit ${i} is ${limits[i]} after ${limits[i - 1]}`);
  }
  const counts = new Float64Array(limits.length);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) throw new NasError(`histogram values must be finite, but value ${i} is ${value}`);
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
    sumSquares += value * value;
    counts[bucketIndex(limits, value)]! += 1;
  }
  const bucketLimits: number[] = [];
  const buckets: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    // An empty bucket followed by another empty one is merged into the later: its range joins the next.
    if (counts[i] === 0 && i + 1 < counts.length && counts[i + 1] === 0) continue;
    bucketLimits.push(limits[i]!);
    buckets.push(counts[i]!);
  }
  return { min, max, num: values.length, sum, sumSquares, bucketLimits, buckets };
}
