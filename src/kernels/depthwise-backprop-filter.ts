import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { convGeometry } from './geometry.js';
import { readWindow } from './dilate-pad.js';

/**
 * Gradient of `depthwiseConv2d` with respect to its filter, dilation included:
 * `dW[i, j, c, m] = sum_{n, p} x[n, p * s + (i, j) * d - pad, c] * dy[n, p, c * M + m]`.
 *
 * A forward depthwise convolution once the batch moves into the channels: the
 * image is `x` as `[1, H, W, n * c]`, the filter `dy` as `[Ho, Wo, n * c, M]`
 * (stride and dilation swapped), then a sum over `n`. No per-tap buffer.
 */
export function depthwiseConv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: Shape4D, attrs: ConvAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, channels, multiplier] = filterShape;
    const g = convGeometry(x.shape, filterShape, attrs, true);
    const { input, padding } = readWindow(x, g);
    const [n, h, w] = input.shape;
    const image = input.transpose([1, 2, 0, 3]).reshape([1, h, w, n * channels]) as tf.Tensor4D;
    const kernel = dy.transpose([1, 2, 0, 3]).reshape([g.outH, g.outW, n * channels, multiplier]) as tf.Tensor4D;
    const grad = tf.depthwiseConv2d(image, kernel, [g.dilationH, g.dilationW], padding, 'NHWC', [g.strideH, g.strideW]);
    return grad.reshape([kh, kw, n, channels, multiplier]).sum(2).reshape(filterShape) as tf.Tensor4D;
  });
}
