import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from './geometry.js';

/**
 * The input padded (or cropped) to exactly the rows and columns the
 * convolution reads: `(out - 1) * stride + (k - 1) * dilation + 1` per axis,
 * starting `top`/`left` zeros before the data.
 */
export function readWindow(x: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  return tf.tidy((): tf.Tensor4D => {
    const h = (g.outH - 1) * g.strideH + (g.kh - 1) * g.dilationH + 1;
    const w = (g.outW - 1) * g.strideW + (g.kw - 1) * g.dilationW + 1;
    const bottom = h - g.inH - g.top;
    const right = w - g.inW - g.left;
    const padded: tf.Tensor4D = tf.pad(x, [[0, 0], [g.top, Math.max(0, bottom)], [g.left, Math.max(0, right)], [0, 0]]);
    if (bottom >= 0 && right >= 0) return padded;
    return tf.slice(padded, [0, 0, 0, 0], [x.shape[0], h, w, x.shape[3]]);
  });
}
