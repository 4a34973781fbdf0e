import { NasError } from '../../errors.js';
import { checkPairedSamples } from './paired-samples.js';

/**
 * The share of the true top `k` that the predicted top `k` recovers:
 * `|top-k by predicted ∩ top-k by truth| / k`, higher scores being better in
 * both lists. A search keeps only the predictor's best few, so this asks the
 * question correlations over all K architectures blur: are the best ones found?
 *
 * This is also precision at k and Ning et al.'s P@topK ("Evaluating Efficient
 * Performance Estimators of Neural Architectures", NeurIPS 2021) with
 * `k = ratio * K`: both sets have exactly `k` members, so the fraction of the
 * predicted top `k` that is truly top `k` and the fraction of the true top `k`
 * that is predicted are the same number, and no separate `precisionAtK` exists.
 *
 * Ties at the k-th place are broken by index, lower first, so the result is
 * deterministic; with many ties the caller should know the cut is arbitrary.
 */
export function topKOverlap(predicted: readonly number[], truth: readonly number[], k: number): number {
  checkPairedSamples(predicted, truth, 'topKOverlap');
  if (!Number.isInteger(k) || k < 1 || k > predicted.length) {
    throw new NasError(`topKOverlap: k must be an integer in 1..${predicted.length}, not ${k}`);
  }
  const predictedTop = new Set(topIndices(predicted, k));
  let shared = 0;
  for (const i of topIndices(truth, k)) if (predictedTop.has(i)) shared++;
  return shared / k;
}

/** The indices of the `k` highest scores, ties broken by lower index (the sort is stable). */
function topIndices(scores: readonly number[], k: number): number[] {
  return scores
    .map((_, i) => i)
    .sort((a, b) => scores[b]! - scores[a]!)
    .slice(0, k);
}
