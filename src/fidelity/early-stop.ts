import { NasError } from '../errors.js';
import { type CurvePrediction, extrapolateCurve, probabilityAbove } from './extrapolate.js';

/**
 * When to stop a training whose learning curve looks hopeless (Domhan,
 * Springenberg & Hutter, IJCAI 2015, section 3.3): from `minEpochs` epochs on,
 * after each epoch the curve so far is extrapolated to the recipe's last
 * epoch, and the training stops when the probability that its final score
 * beats the incumbent (the best final score the search has seen) falls
 * below `threshold` (Domhan et al. use 0.05).
 */
export interface EarlyStopRule {
  readonly minEpochs: number;
  readonly threshold: number;
}

export const EARLY_STOP_DEFAULTS: EarlyStopRule = { minEpochs: 2, threshold: 0.05 };

/** A decision to stop: after how many epochs, the prediction it rests on and its probability of beating the incumbent. */
export interface EarlyStop {
  readonly epochs: number;
  readonly prediction: CurvePrediction;
  readonly probability: number;
}

/** Checks a rule once, before any training: a bad flag is one line. */
export function checkEarlyStopRule(rule: EarlyStopRule): EarlyStopRule {
  if (!(Number.isInteger(rule.minEpochs) && rule.minEpochs >= 1))
    throw new NasError(`--early-stop-min-epochs must be a positive integer, got ${rule.minEpochs}`);
  if (!(rule.threshold > 0 && rule.threshold < 1))
    throw new NasError(`--early-stop-threshold must be a probability strictly between 0 and 1, got ${rule.threshold}`);
  return rule;
}

/**
 * The rule applied to a curve (accuracies in % after epochs 1..n) of a
 * training that runs `target` epochs: a stop when n is at least the rule's
 * minimum, short of the target, an incumbent exists and P(final >
 * incumbent) < threshold; else null (go on). A pure function of its
 * arguments, so a resumed search that asks again decides the same.
 */
export function earlyStopDecision(
  curve: readonly number[],
  target: number,
  incumbent: number | null,
  rule: EarlyStopRule,
): EarlyStop | null {
  if (incumbent === null || curve.length < rule.minEpochs || curve.length >= target) return null;
  const prediction = extrapolateCurve(curve, target);
  const probability = probabilityAbove(prediction, incumbent);
  return probability < rule.threshold ? { epochs: curve.length, prediction, probability } : null;
}
