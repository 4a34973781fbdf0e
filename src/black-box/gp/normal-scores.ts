import { normalQuantile } from './normal.js';

/**
 * Rank-based inverse normal transform (van der Waerden normal scores): the
 * value of rank r (1-based, ties sharing their mean rank) among n becomes
 * Phi^-1(r / (n + 1)). Monotone, so the best score stays the best, but the
 * targets become Gaussian-shaped, as a GP assumes: a few very bad
 * architectures (NB201's disconnected cells score ~10% against ~85%) no longer
 * dominate the fit and squash the differences among the good ones. The
 * quantile transform of Salinas, Shen & Perrone (2020, "A quantile-based
 * approach for hyperparameter transfer learning").
 */
export function normalScores(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const score = normalQuantile(((start + end) / 2 + 1) / (values.length + 1));
    for (let k = start; k <= end; k++) out[order[k]!] = score;
    start = end + 1;
  }
  return out;
}
