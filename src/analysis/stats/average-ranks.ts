import { checkFinite } from './paired-samples.js';

/**
 * 1-based ranks in ascending order, tied values sharing the mean of the ranks
 * they span (scipy.stats.rankdata's default `'average'` method): the ranks
 * Spearman's rho correlates, and the only tie rule under which rho of tied
 * data still equals Pearson's r of the ranks (Kendall & Gibbons 1990, ch. 3).
 *
 * `[10, 20, 20, 5]` ranks as `[2, 3.5, 3.5, 1]`.
 */
export function averageRanks(values: readonly number[]): number[] {
  checkFinite(values, 'averageRanks');
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let p = start; p < end; p++) ranks[order[p]!] = rank;
    start = end;
  }
  return ranks;
}
