import type * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data/api.js';
import { BatchIterator, type ChannelStats, type Dataset } from '../data/index.js';
import { type Evaluation, evaluateBatches, evaluateBatchesAsync } from '../train/evaluate.js';

export type { Evaluation } from '../train/evaluate.js';

/** Something that maps a batch of images to logits in inference mode. */
export interface Classifier {
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
}

/** Every batch of `data`, in order, made as it is read. */
function* inOrder(data: Dataset, stats: ChannelStats, batchSize: number): Generator<Batch> {
  const it = new BatchIterator(data, { batchSize, seed: 'evaluate', shuffle: false, stats });
  for (let s = 0; s < it.stepsPerEpoch; s++) yield it.next();
}

/**
 * Cross-entropy and accuracy of a trained network on every record of
 * `data`, in order, normalised with `stats`, through the one evaluation
 * routine with BatchNorm on its running statistics (inference mode).
 */
export function evaluate(net: Classifier, data: Dataset, stats: ChannelStats, batchSize: number): Evaluation {
  return evaluateBatches((x, training) => net.forward(x, training), inOrder(data, stats, batchSize), {
    batchNorm: 'running',
    disposeBatches: true,
  });
}

/** {@link evaluate} with one asynchronous read of its totals (`await data()`): any backend, WebGPU included. */
export function evaluateAsync(net: Classifier, data: Dataset, stats: ChannelStats, batchSize: number): Promise<Evaluation> {
  return evaluateBatchesAsync((x, training) => net.forward(x, training), inOrder(data, stats, batchSize), {
    batchNorm: 'running',
    disposeBatches: true,
  });
}
