import * as tf from '@tensorflow/tfjs';

/** Training-mode BatchNorm over N, H, W from plain tfjs ops (eps 1e-5): what the fused version must equal. */
export function batchNormReference(x: tf.Tensor, gamma?: tf.Tensor, beta?: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5)));
  if (gamma) y = tf.mul(y, gamma);
  if (beta) y = tf.add(y, beta);
  return y;
}
