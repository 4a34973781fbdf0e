import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { convGeometry, isPointwise } from './geometry.js';
import { toNhwc } from './layout.js';
import { readWindow } from './dilate-pad.js';

/**
 * Gradient of `conv2d` with respect to its filter, dilation included:
 * `dW[i, j, ci, co] = sum_{n, p} x[n, p * s + (i, j) * d - pad, ci] * dy[n, p, co]`.
 *
 * This is itself a forward convolution once batch and channels swap roles:
 * the image is `x` as `[ci, H, W, n]`, the filter is `dy` as `[Ho, Wo, n, co]`,
 * the stride is the forward dilation and the dilation the forward stride. One
 * fast forward kernel (XNNPACK on wasm) and two transposes; no im2col buffer.
 * A 1x1 stride-1 conv is one matMul.
 */
export function conv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: Shape4D, attrs: ConvAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const nchw = attrs.dataFormat === 'NCHW';
    const xs = toNhwc(x, nchw);
    const dys = toNhwc(dy, nchw);
    const [, , cin, cout] = filterShape;
    const g = convGeometry(xs.shape, filterShape, attrs, false);
    if (isPointwise(g)) {
      // wasm's matMul with transposeA transposes slowly; transposing the operand once is faster.
      return tf.matMul(xs.reshape([-1, cin]).transpose(), dys.reshape([-1, cout])).reshape(filterShape);
    }
    const { input, padding } = readWindow(xs, g);
    const image = input.transpose([3, 1, 2, 0]) as tf.Tensor4D;
    const kernel = dys.transpose([1, 2, 0, 3]) as tf.Tensor4D;
    const grad = tf.conv2d(image, kernel, [g.dilationH, g.dilationW], padding, 'NHWC', [g.strideH, g.strideW]);
    return grad.transpose([1, 2, 0, 3]);
  });
}
