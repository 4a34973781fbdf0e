import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from './geometry.js';

/** Insert `s - 1` zeros after every element along height and width (strided conv transposed). */
function zeroInsert(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [n, h, w, c] = dy.shape;
  return dy
    .reshape([n, h, 1, w, 1, c])
    .pad([[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]])
    .reshape([n, h * sh, w * sw, c]) as tf.Tensor4D;
}

/**
 * The output gradient laid out so that a stride-1 'valid' convolution with the
 * spatially flipped filter (same dilation) yields the input gradient:
 * zero-inserted by the stride, then padded by `effectiveKernel - 1 - padBefore`
 * before and whatever makes the result `inH + effectiveKernel - 1` long after.
 * Negative paddings (explicit paddings wider than the kernel) become crops.
 */
export function dilateAndPad(dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  return tf.tidy((): tf.Tensor4D => {
    const z = zeroInsert(dy, g.strideH, g.strideW);
    const keH = (g.kh - 1) * g.dilationH + 1;
    const keW = (g.kw - 1) * g.dilationW + 1;
    const beforeH = keH - 1 - g.top;
    const beforeW = keW - 1 - g.left;
    const afterH = g.inH + g.top - g.outH * g.strideH;
    const afterW = g.inW + g.left - g.outW * g.strideW;
    const padded: tf.Tensor4D = tf.pad(z, [
      [0, 0],
      [Math.max(0, beforeH), Math.max(0, afterH)],
      [Math.max(0, beforeW), Math.max(0, afterW)],
      [0, 0],
    ]);
    if (beforeH >= 0 && afterH >= 0 && beforeW >= 0 && afterW >= 0) return padded;
    return tf.slice(
      padded,
      [0, Math.max(0, -beforeH), Math.max(0, -beforeW), 0],
      [z.shape[0], g.inH + keH - 1, g.inW + keW - 1, z.shape[3]],
    );
  });
}
