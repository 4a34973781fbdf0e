import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { convGeometry, isPointwise } from './geometry.js';
import { toNhwc } from './layout.js';
import { extractTaps, sumOverBatchChunks } from './taps.js';

/**
 * Gradient of `conv2d` with respect to its filter, dilation included:
 * `dW[i, j, ci, co] = sum_{n, p} x[n, p * s + (i, j) * d - pad, ci] * dy[n, p, co]`.
 * All taps are extracted by one one-hot depthwise convolution, then one
 * `matMul` contracts them with `dy` (a 1x1 stride-1 conv is a single matMul).
 */
export function conv2dBackpropFilter(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: Shape4D,
  attrs: ConvAttrs,
): tf.Tensor4D {
  return tf.tidy(() => {
    const nchw = attrs.dataFormat === 'NCHW';
    const xs = toNhwc(x, nchw);
    const dys = toNhwc(dy, nchw);
    const [kh, kw, cin, cout] = filterShape;
    const g = convGeometry(xs.shape, filterShape, attrs, false);
    if (isPointwise(g)) {
      return tf.matMul(xs.reshape([-1, cin]), dys.reshape([-1, cout]), true, false).reshape(filterShape);
    }
    const taps = kh * kw;
    const grad = sumOverBatchChunks([xs, dys], g.outH * g.outW * cin * taps, (xc, dyc) =>
      tf.matMul(extractTaps(xc, g).reshape([-1, cin * taps]), dyc.reshape([-1, cout]), true, false),
    );
    return grad.reshape([cin, kh, kw, cout]).transpose([1, 2, 0, 3]);
  });
}
