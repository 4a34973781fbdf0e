import type * as tf from '@tensorflow/tfjs';

/**
 * A filter with `d - 1` zeros between taps: convolving with it undilated
 * equals convolving with `w` at dilation `d`. Used as an independent
 * reference for dilated-convolution gradients.
 */
export function dilateFilter(w: tf.Tensor4D, d: number): tf.Tensor4D {
  if (d === 1) return w;
  const [kh, kw, ci, co] = w.shape;
  return w
    .reshape([kh, 1, kw, 1, ci, co])
    .pad([
      [0, 0],
      [0, d - 1],
      [0, 0],
      [0, d - 1],
      [0, 0],
      [0, 0],
    ])
    .reshape([kh * d, kw * d, ci, co])
    .slice([0, 0, 0, 0], [(kh - 1) * d + 1, (kw - 1) * d + 1, ci, co]) as tf.Tensor4D;
}
