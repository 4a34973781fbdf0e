import * as tf from '@tensorflow/tfjs';

/** What a training-mode BatchNorm forward returns besides its output: the batch statistics. */
export interface BatchStats {
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
}

/**
 * Training-mode BatchNorm over N, H, W as one differentiable unit with the
 * closed-form gradient (Ioffe & Szegedy 2015):
 * `dx = rstd / m * (m * g - sum(g) - xhat * sum(g * xhat))`, `g = dy * gamma`,
 * `dgamma = sum(dy * xhat)`, `dbeta = sum(dy)`, with `m = N * H * W`.
 * The tape keeps only `xhat` and `rstd`, where composing it from tfjs ops keeps
 * four full-size tensors per BN: on a DARTS supernet, most of the memory of a step.
 * `onStats` receives the batch mean and (biased) variance, e.g. to update running statistics.
 */
export function batchNormTrain(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D | null,
  beta: tf.Tensor1D | null,
  eps: number,
  onStats: (stats: BatchStats) => void,
): tf.Tensor4D {
  const count = x.size / (x.shape[3] ?? 1);
  const normalize = (input: tf.Tensor4D, save: tf.GradSaveFunc) => {
    const { mean, variance } = tf.moments(input, [0, 1, 2]);
    onStats({ mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D });
    const rstd = tf.rsqrt(tf.add(variance, eps));
    const xhat = tf.mul(tf.sub(input, mean), rstd) as tf.Tensor4D;
    save([xhat, rstd]);
    return xhat;
  };
  const inputGrad = (dy: tf.Tensor4D, xhat: tf.Tensor4D, rstd: tf.Tensor) => {
    const g = gamma ? tf.mul(dy, gamma) : dy;
    const sumG = tf.sum(g, [0, 1, 2]);
    const sumGX = tf.sum(tf.mul(g, xhat), [0, 1, 2]);
    const centred = tf.sub(tf.sub(tf.mul(g, count), sumG), tf.mul(xhat, sumGX));
    return tf.mul(centred, tf.div(rstd, count)) as tf.Tensor4D;
  };
  if (gamma && beta) {
    const f = tf.customGrad((input, scale, shift, save) => {
      const xhat = normalize(input as tf.Tensor4D, save as tf.GradSaveFunc);
      return {
        value: tf.add(tf.mul(xhat, scale as tf.Tensor), shift as tf.Tensor),
        gradFunc: (dy, saved) => {
          const [xhat_, rstd] = saved as [tf.Tensor4D, tf.Tensor];
          const d = dy as tf.Tensor4D;
          return [inputGrad(d, xhat_, rstd), tf.sum(tf.mul(d, xhat_), [0, 1, 2]), tf.sum(d, [0, 1, 2])];
        },
      };
    });
    return f(x, gamma, beta) as tf.Tensor4D;
  }
  const f = tf.customGrad((input, save) => ({
    value: normalize(input as tf.Tensor4D, save as tf.GradSaveFunc),
    gradFunc: (dy, saved) => {
      const [xhat, rstd] = saved as [tf.Tensor4D, tf.Tensor];
      return inputGrad(dy as tf.Tensor4D, xhat, rstd);
    },
  }));
  return f(x) as tf.Tensor4D;
}
