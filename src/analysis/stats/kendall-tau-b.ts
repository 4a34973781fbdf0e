import { checkPairedSamples } from './paired-samples.js';

/**
 * Kendall's tau-b: (concordant - discordant) pairs over
 * `sqrt((n0 - n1) (n0 - n2))`, where `n0 = n (n - 1) / 2` and `n1`, `n2` are
 * the pairs tied in `x` and in `y`. The tie correction (Kendall 1945) is what
 * scipy.stats.kendalltau uses by default (`variant='b'`); it keeps a perfect
 * ranking at 1 even when scores tie, which plain tau-a would not.
 *
 * O(n log n) by Knight's algorithm (Knight 1966, "A computer method for
 * calculating Kendall's tau with ungrouped data", JASA 61), as scipy does:
 * sort the pairs by `(x, y)`, then the discordant pairs are exactly the swaps
 * a stable merge sort of the `y` column makes. Pairs tied in `x` are already
 * in `y` order and pairs tied in `y` are never swapped, so neither is counted.
 *
 * NaN when fewer than two pairs or when either side is constant (the
 * denominator is 0). No p-value: with the small K of a bias study the
 * bootstrap interval from `bootstrapCI` is the uncertainty to report.
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  checkPairedSamples(x, y, 'kendallTauB');
  const n = x.length;
  if (n < 2) return Number.NaN;
  const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);
  const xs = Float64Array.from(order, (i) => x[i]!);
  const ys = Float64Array.from(order, (i) => y[i]!);
  const pairs = (n * (n - 1)) / 2;
  const xTies = tiedPairs(xs, (i) => xs[i] === xs[i - 1]);
  const jointTies = tiedPairs(xs, (i) => xs[i] === xs[i - 1] && ys[i] === ys[i - 1]);
  const discordant = sortCountingSwaps(ys);
  const yTies = tiedPairs(ys, (i) => ys[i] === ys[i - 1]);
  if (xTies === pairs || yTies === pairs) return Number.NaN;
  // Concordant - discordant, with concordant = pairs - xTies - yTies + jointTies - discordant.
  const score = pairs - xTies - yTies + jointTies - 2 * discordant;
  // One square root of the product (exact below 2^53, i.e. n up to ~10^4) makes a perfect ranking exactly 1.
  const tau = score / Math.sqrt((pairs - xTies) * (pairs - yTies));
  return Math.max(-1, Math.min(1, tau));
}

/** Sum of `t (t - 1) / 2` over the runs of consecutive positions where `sameAsPrevious` holds. */
function tiedPairs(values: Float64Array, sameAsPrevious: (i: number) => boolean): number {
  let total = 0;
  let run = 1;
  for (let i = 1; i <= values.length; i++) {
    if (i < values.length && sameAsPrevious(i)) {
      run++;
    } else {
      total += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return total;
}

/**
 * Sort `values` ascending in place by bottom-up merge sort and return the
 * number of inversions (pairs `i < j` with `values[i] > values[j]`). Taking
 * the left element on equality keeps equal values from counting.
 */
function sortCountingSwaps(values: Float64Array): number {
  const n = values.length;
  let from = values;
  let to: Float64Array = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (from[j]! < from[i]!) {
          swaps += mid - i;
          to[k++] = from[j++]!;
        } else {
          to[k++] = from[i++]!;
        }
      }
      while (i < mid) to[k++] = from[i++]!;
      while (j < hi) to[k++] = from[j++]!;
    }
    [from, to] = [to, from];
  }
  if (from !== values) values.set(from);
  return swaps;
}
