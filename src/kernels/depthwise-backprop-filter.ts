import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { convGeometry } from './geometry.js';
import { extractTaps, sumOverBatchChunks } from './taps.js';

/**
 * Gradient of `depthwiseConv2d` with respect to its filter, dilation included:
 * `dW[i, j, c, m] = sum_{n, p} x[n, p * s + (i, j) * d - pad, c] * dy[n, p, c * M + m]`.
 * Taps come from one one-hot depthwise convolution; each multiplier `m` is
 * then one broadcast `mul` and one sum over positions.
 */
export function depthwiseConv2dBackpropFilter(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: Shape4D,
  attrs: ConvAttrs,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, channels, multiplier] = filterShape;
    const g = convGeometry(x.shape, filterShape, attrs, true);
    const taps = kh * kw;
    const grad = sumOverBatchChunks([x, dy], g.outH * g.outW * channels * taps, (xc, dyc) => {
      const t = extractTaps(xc, g).reshape([-1, channels, taps]);
      const d = dyc.reshape([-1, channels, multiplier]);
      const perMultiplier = tf.split(d, multiplier, 2).map((dm) => tf.mul(t, dm).sum(0));
      return tf.stack(perMultiplier, 2); // [channels, taps, multiplier]
    });
    return grad.transpose([1, 0, 2]).reshape(filterShape);
  });
}
