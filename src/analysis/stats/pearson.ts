import { checkPairedSamples } from './paired-samples.js';

/**
 * Pearson's product-moment correlation of paired scores (as scipy.stats.pearsonr's
 * statistic), computed on mean-centred values so that scores with a large common
 * offset (accuracies near 0.9) keep their precision.
 *
 * NaN when fewer than two pairs or when either side is constant: the
 * correlation is undefined there, and NaN lets `bootstrapCI` skip such
 * resamples. Constancy is tested on the values themselves, because the centred
 * sum of squares of a constant list can come out as rounding noise rather than 0.
 */
export function pearson(x: readonly number[], y: readonly number[]): number {
  checkPairedSamples(x, y, 'pearson');
  const n = x.length;
  if (n < 2 || isConstant(x) || isConstant(y)) return Number.NaN;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const r = sxy / Math.sqrt(sxx) / Math.sqrt(syy);
  return Math.max(-1, Math.min(1, r));
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function isConstant(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}
