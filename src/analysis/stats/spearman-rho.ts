import { averageRanks } from './average-ranks.js';
import { checkPairedSamples } from './paired-samples.js';
import { pearson } from './pearson.js';

/**
 * Spearman's rank correlation: Pearson's r of the average ranks (ties share
 * their mean rank), as scipy.stats.spearmanr computes it. The textbook
 * `1 - 6 sum d^2 / (n (n^2 - 1))` is not used because it is only exact
 * without ties, and supernet scores tie often (shared weights, quantised
 * accuracies).
 *
 * NaN when fewer than two pairs or either side is constant.
 */
export function spearmanRho(x: readonly number[], y: readonly number[]): number {
  checkPairedSamples(x, y, 'spearmanRho');
  return pearson(averageRanks(x), averageRanks(y));
}
