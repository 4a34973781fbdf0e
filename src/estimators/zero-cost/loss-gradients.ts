import type * as tf from '@tensorflow/tfjs';
import { withFrozenStatistics } from '../../ops/index.js';
import { crossEntropy, gradsOf } from '../../train/index.js';
import type { FixedNetwork } from '../../supernet/index.js';
import type { ZcBatch } from './api.js';

/** The conv and linear weights of a network (biases and BatchNorm left out, as the proxies' papers prune weights only). */
export function prunableWeights(net: FixedNetwork): [string, tf.Variable][] {
  return net.network.namedParameters().filter(([name]) => name.endsWith('.weight'));
}

/**
 * The cross-entropy of one batch (training-mode BatchNorm on the batch's
 * statistics, the running statistics left alone) and its gradient with
 * respect to each of `weights`; null for a weight no path uses. Call inside `tf.tidy`.
 */
export function lossGradients(net: FixedNetwork, batch: ZcBatch, weights: readonly tf.Variable[]): (tf.Tensor | null)[] {
  return withFrozenStatistics(() => gradsOf(() => crossEntropy(net.forward(batch.x, true), batch.labels), weights).grads);
}
