import * as tf from '@tensorflow/tfjs';
import { channelAffine } from '../kernels/channel-affine.js';
import { channelMoments } from '../kernels/channel-moments.js';
import { channelSums } from '../kernels/channel-sums.js';
import { fusedBatchNormAvailable, fusedInputGrad, fusedNormalize } from '../kernels/webgpu/batch-norm.js';
import { type RunningBlend, fusedNormalizeRunning } from '../kernels/webgpu/normalize-running.js';
import { batchNormWhole } from '../kernels/webgpu/batch-norm-whole.js';
import { batchNormWholeGrad } from '../kernels/webgpu/batch-norm-whole-grad.js';
import { packedMoments, packedSums } from '../kernels/webgpu/packed-moments.js';

/** What a training-mode BatchNorm forward returns besides its output: the batch statistics. */
export interface BatchStats {
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
  /**
   * `[mean; variance]` as one `[2, C]` tensor where one kernel made them
   * (webgpu, `PACKED_MOMENTS`): `mean` and `variance` are then slices of it,
   * made on each read.
   */
  readonly moments?: tf.Tensor2D;
}

/** Running statistics that a training forward pass moves, and how (`running * keep + batch * gain`). */
export interface RunningUpdate {
  readonly mean: tf.Variable;
  readonly variance: tf.Variable;
  readonly blend: RunningBlend;
}

/** Assign a kernel's next running statistics to their variables (which keep their data) and free the kernel's handles. */
function moveRunning(running: RunningUpdate, mean: tf.Tensor, variance: tf.Tensor): void {
  running.mean.assign(mean);
  running.variance.assign(variance);
  tf.dispose([mean, variance]);
}

/** The statistics of a packed `[mean; variance]`, sliced only when read (each slice is a dispatch on a GPU). */
function packedStats(moments: tf.Tensor2D): BatchStats {
  const channels = moments.shape[1];
  return {
    moments,
    get mean() {
      return tf.slice(moments, [0, 0], [1, channels]).reshape([channels]) as tf.Tensor1D;
    },
    get variance() {
      return tf.slice(moments, [1, 0], [1, channels]).reshape([channels]) as tf.Tensor1D;
    },
  };
}

/**
 * Training-mode BatchNorm over N, H, W as one differentiable unit with the
 * closed-form gradient (Ioffe & Szegedy 2015):
 * `dx = gamma * rstd / m * (m * dy - sum(dy) - xhat * sum(dy * xhat))`,
 * `dgamma = sum(dy * xhat)`, `dbeta = sum(dy)`, with `m = N * H * W`: the
 * statistics and the two per-channel sums of the backward pass each take one
 * pass of `channelMoments`/`channelSums` (a SIMD kernel on wasm, where
 * `tf.sum` over N, H, W is slow), and each full-size output (`xhat`, the
 * affine output, `dx`) one pass of `channelAffine`.
 * The tape keeps only `xhat` and `rstd`, where composing it from tfjs ops keeps
 * four full-size tensors per BN: on a DARTS supernet, most of the memory of a step.
 * `onStats` receives the batch mean and (biased) variance, e.g. to update running statistics;
 * where `running` is given and one kernel can normalise and move them (webgpu,
 * `BATCH_NORM_WHOLE` or `BATCH_NORM_NORMALIZE_RUNNING`), that kernel assigns them instead and `onStats` is not called.
 */
export function batchNormTrain(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D | null,
  beta: tf.Tensor1D | null,
  eps: number,
  onStats: (stats: BatchStats) => void,
  running?: RunningUpdate,
): tf.Tensor4D {
  const count = x.size / (x.shape[3] ?? 1);
  // On webgpu a small batch's forward and (affine off) backward pass are one dispatch each (batch-norm-whole*.ts); a larger
  // one's statistics, normalisation and input gradient one dispatch each (batch-norm.ts), the statistics packed as
  // [mean; variance] and kept for the latter.
  const fused = fusedBatchNormAvailable();
  const normalize = (input: tf.Tensor4D, save: tf.GradSaveFunc) => {
    // A small batch's whole forward pass in one dispatch (src/kernels/webgpu/batch-norm-whole.ts).
    const whole = fused ? batchNormWhole(input, eps, running) : null;
    if (whole !== null) {
      if (running && whole.mean && whole.variance) moveRunning(running, whole.mean, whole.variance);
      else onStats(packedStats(whole.moments));
      save([whole.xhat, whole.moments]);
      return whole.xhat;
    }
    if (fused) {
      const moments = packedMoments(input);
      const joint = running ? fusedNormalizeRunning(input, moments, eps, running, running.blend) : null;
      if (joint !== null && running) moveRunning(running, joint[1], joint[2]);
      else onStats(packedStats(moments));
      const xhat = joint?.[0] ?? fusedNormalize(input, moments, eps);
      save([xhat, moments]);
      return xhat;
    }
    const { mean, variance } = channelMoments(input);
    onStats({ mean, variance });
    const rstd = tf.rsqrt(tf.add(variance, eps)) as tf.Tensor1D;
    const xhat = channelAffine(input, rstd, tf.neg(tf.mul(mean, rstd)) as tf.Tensor1D) as tf.Tensor4D;
    save([xhat, rstd]);
    return xhat;
  };
  /** dx, and dgamma = sum(dy * xhat), dbeta = sum(dy) (for the affine case); `rstd` is the packed moments where `fused`. */
  const grads = (dy: tf.Tensor4D, xhat: tf.Tensor4D, rstd: tf.Tensor) => {
    const { sum, dot } = channelSums(dy, xhat);
    if (fused) return { dx: fusedInputGrad(dy, xhat, rstd, { sum, dot }, gamma, eps, count), dgamma: dot, dbeta: sum };
    // (count * dy - sum - xhat * dot) * scale / count as one affine map of dy and xhat.
    const scale = (gamma ? tf.mul(rstd, gamma) : rstd) as tf.Tensor1D;
    const perCount = tf.div(scale, -count) as tf.Tensor1D;
    const dx = channelAffine(dy, scale, tf.mul(sum, perCount) as tf.Tensor1D, xhat, tf.mul(dot, perCount) as tf.Tensor1D) as tf.Tensor4D;
    return { dx, dgamma: dot, dbeta: sum };
  };
  if (gamma && beta) {
    const f = tf.customGrad((input, scale, shift, save) => {
      const xhat = normalize(input as tf.Tensor4D, save as tf.GradSaveFunc);
      return {
        value: channelAffine(xhat, scale as tf.Tensor1D, shift as tf.Tensor1D),
        gradFunc: (dy, saved) => {
          const [xhat_, rstd] = saved as [tf.Tensor4D, tf.Tensor];
          const { dx, dgamma, dbeta } = grads(dy as tf.Tensor4D, xhat_, rstd);
          return [dx, dgamma, dbeta];
        },
      };
    });
    return f(x, gamma, beta) as tf.Tensor4D;
  }
  const f = tf.customGrad((input, save) => ({
    value: normalize(input as tf.Tensor4D, save as tf.GradSaveFunc),
    gradFunc: (dy, saved) => {
      const [xhat, rstd] = saved as [tf.Tensor4D, tf.Tensor];
      // Without gamma the sums serve dx alone: on webgpu one dispatch with them for a small batch, else packed in one.
      if (fused) {
        const whole = batchNormWholeGrad(dy as tf.Tensor4D, xhat, rstd, eps, count);
        return whole ?? fusedInputGrad(dy as tf.Tensor4D, xhat, rstd, packedSums(dy, xhat), null, eps, count);
      }
      return grads(dy as tf.Tensor4D, xhat, rstd).dx;
    },
  }));
  return f(x) as tf.Tensor4D;
}
