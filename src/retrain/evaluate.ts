import * as tf from '@tensorflow/tfjs';
import { BatchIterator, type ChannelStats, type Dataset } from '../data/index.js';

/** Mean loss and accuracy over a whole data set. */
export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
  readonly count: number;
}

/** Something that maps a batch of images to logits in inference mode. */
export interface Classifier {
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
}

/**
 * Inference-mode (running BatchNorm statistics) cross-entropy and accuracy of
 * `net` on every record of `data`, in order, normalised with `stats`.
 */
export function evaluate(net: Classifier, data: Dataset, stats: ChannelStats, batchSize: number): Evaluation {
  const it = new BatchIterator(data, { batchSize, seed: 'evaluate', shuffle: false, stats });
  let loss = 0;
  let correct = 0;
  for (let s = 0; s < it.stepsPerEpoch; s++) {
    const { x, y } = it.next();
    const [batchLoss, batchCorrect] = tf.tidy(() => {
      const logits = net.forward(x, false);
      const onehot = tf.cast(tf.oneHot(y, logits.shape[1]), 'float32');
      const l = tf.losses.softmaxCrossEntropy(onehot, logits, undefined, 0, tf.Reduction.SUM);
      const c = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
      return [l.dataSync()[0] ?? 0, c.dataSync()[0] ?? 0];
    });
    tf.dispose([x, y]);
    loss += batchLoss;
    correct += batchCorrect;
  }
  return { loss: loss / data.count, accuracy: correct / data.count, count: data.count };
}
