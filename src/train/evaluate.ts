import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data/api.js';
import { withFrozenStatistics, withRunningAverage } from '../ops/index.js';

/**
 * Which statistics BatchNorm normalises with while a model is scored:
 * - `batch`: each batch's own (the running ones untouched), what a
 *   sampler's per-step signal uses: no state, but scores depend on the batch;
 * - `recalibrated`: running statistics re-computed on given batches first
 *   (batch i with momentum 1/(i+1), so they become the plain average; Guo et
 *   al. 2020, SPOS), then inference mode; a supernet's running statistics mix
 *   every path it trained, so a sub-network is scored on its own;
 * - `running`: the model's running statistics, inference mode (a trained
 *   stand-alone network).
 */
export const BATCH_NORM_MODES = ['batch', 'recalibrated', 'running'] as const;
export type BatchNormMode = (typeof BATCH_NORM_MODES)[number];

/** A model's forward pass: images to logits; `training` normalises with the batch's statistics. */
export type Forward = (x: tf.Tensor4D, training: boolean) => tf.Tensor2D;

export interface EvaluateOptions {
  readonly batchNorm: BatchNormMode;
  /** `recalibrated`: the batches whose statistics become the running ones. */
  readonly recalibration?: readonly Batch[];
  /**
   * `recalibrated`: the model's BatchNorm buffers, put back afterwards, so
   * scoring never changes the model (a supernet goes on training).
   */
  readonly buffers?: readonly tf.Variable[];
  /** Free each scored batch after use (batches streamed from an iterator). */
  readonly disposeBatches?: boolean;
}

/** Mean cross-entropy and accuracy (a fraction) over every image scored. */
export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
  readonly count: number;
}

/** Per scored batch `[nll sum, correct]` (a `[batches, 2]` tensor the caller owns) and each batch's image count; nothing read back yet. */
export interface EvaluationTotals {
  readonly totals: tf.Tensor2D;
  readonly counts: readonly number[];
}

/**
 * The one evaluation routine, on the device: the per-batch totals of
 * `forward` on `batches` with BatchNorm in an explicit mode. Samplers'
 * derivation, the supernet estimator and retraining's test score all run it
 * (through `evaluateBatches` or `evaluateBatchesAsync`), so a genotype is
 * judged by the same rule wherever it is scored; a search step adds its
 * totals to the one read-back of its metrics.
 */
export function evaluationTotals(forward: Forward, batches: Iterable<Batch>, options: EvaluateOptions): EvaluationTotals {
  const saved = options.batchNorm === 'recalibrated' ? tf.tidy(() => (options.buffers ?? []).map((b) => tf.keep(b.clone()))) : [];
  const rows: tf.Tensor1D[] = [];
  try {
    if (options.batchNorm === 'recalibrated') {
      (options.recalibration ?? []).forEach((batch, i) =>
        withRunningAverage(1 / (i + 1), () => tf.tidy(() => void forward(batch.x, true))),
      );
    }
    const training = options.batchNorm === 'batch';
    const counts: number[] = [];
    const score = () => {
      for (const batch of batches) {
        rows.push(
          tf.tidy(() => {
            const logits = forward(batch.x, training);
            const onehot = tf.oneHot(batch.y, logits.shape[1]);
            const nll = tf.sum(tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), 1)));
            const right = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), batch.y), 'float32'));
            return tf.stack([nll, right]) as tf.Tensor1D;
          }),
        );
        counts.push(batch.y.shape[0]);
        if (options.disposeBatches) tf.dispose([batch.x, batch.y]);
      }
    };
    // Batch statistics: normalise with them, move nothing.
    if (training) withFrozenStatistics(score);
    else score();
    const totals = rows.length === 0 ? tf.zeros([0, 2]) : tf.stack(rows);
    return { totals: totals as tf.Tensor2D, counts };
  } finally {
    tf.dispose(rows);
    if (saved.length > 0) {
      tf.tidy(() => (options.buffers ?? []).forEach((b, i) => b.assign(saved[i]!)));
      tf.dispose(saved);
    }
  }
}

/** Mean loss and accuracy from the read-back totals: summed batch by batch in doubles, in order. */
export function summarise(values: ArrayLike<number>, counts: readonly number[]): Evaluation {
  let [loss, correct, count] = [0, 0, 0];
  counts.forEach((n, i) => {
    loss += values[2 * i] ?? Number.NaN;
    correct += values[2 * i + 1] ?? 0;
    count += n;
  });
  return { loss: count > 0 ? loss / count : Number.NaN, accuracy: count > 0 ? correct / count : Number.NaN, count };
}

/** Loss and accuracy of `forward` on `batches` (see `evaluationTotals`), read synchronously: cpu, wasm and tfjs-node callers. */
export function evaluateBatches(forward: Forward, batches: Iterable<Batch>, options: EvaluateOptions): Evaluation {
  const { totals, counts } = evaluationTotals(forward, batches, options);
  try {
    return summarise(totals.dataSync(), counts);
  } finally {
    totals.dispose();
  }
}

/** `evaluateBatches` with one asynchronous read (`await data()`): any backend, WebGPU included. */
export async function evaluateBatchesAsync(forward: Forward, batches: Iterable<Batch>, options: EvaluateOptions): Promise<Evaluation> {
  const { totals, counts } = evaluationTotals(forward, batches, options);
  try {
    return summarise(await totals.data(), counts);
  } finally {
    totals.dispose();
  }
}
