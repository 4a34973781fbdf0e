import { NasError } from '../../errors.js';
import { checkPairedSamples } from './paired-samples.js';

/**
 * What trusting the predictor costs: the true score of the truly best
 * architecture minus the true score of the one the predictor ranks first
 * (higher is better in both lists), so 0 means the predictor's pick is optimal.
 * This is the quantity a one-shot search actually pays, however well or badly
 * the rest of the ranking correlates.
 *
 * When several architectures tie for the best prediction the first (lowest
 * index) is taken, as `argmax` does; the regret then depends on input order,
 * which a heavily tied supernet should be reported as.
 */
export function regret(predicted: readonly number[], truth: readonly number[]): number {
  checkPairedSamples(predicted, truth, 'regret');
  if (predicted.length === 0) throw new NasError('regret: there are no architectures to choose from');
  let pick = 0;
  for (let i = 1; i < predicted.length; i++) if (predicted[i]! > predicted[pick]!) pick = i;
  return Math.max(...truth) - truth[pick]!;
}
