import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from './geometry.js';

/** A convolution input and the explicit padding to convolve it with. */
export interface PaddedInput {
  readonly input: tf.Tensor4D;
  readonly padding: tf.backend_util.ExplicitPadding;
}

/** Insert `s - 1` zeros after every element along height and width (strided conv transposed). */
function zeroInsert(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [n, h, w, c] = dy.shape;
  return dy
    .reshape([n, h, 1, w, 1, c])
    .pad([
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ])
    .reshape([n, h * sh, w * sw, c]) as tf.Tensor4D;
}

/**
 * `x` with paddings `[top, bottom, left, right]` as a convolution takes them:
 * non-negative ones stay explicit paddings of the convolution (no copy, a
 * separate pad op on wasm costs about as much as the convolution); negative
 * ones (explicit paddings wider than the kernel) crop.
 */
function withPadding(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): PaddedInput {
  const crop = [top, bottom, left, right].map((p) => Math.max(0, -p));
  const [n, h, w, c] = x.shape;
  const [ct, cb, cl, cr] = crop as [number, number, number, number];
  const input = ct + cb + cl + cr === 0 ? x : tf.slice(x, [0, ct, cl, 0], [n, h - ct - cb, w - cl - cr, c]);
  return {
    input,
    padding: [
      [0, 0],
      [Math.max(0, top), Math.max(0, bottom)],
      [Math.max(0, left), Math.max(0, right)],
      [0, 0],
    ],
  };
}

/**
 * The output gradient laid out so that a stride-1 convolution with the
 * spatially flipped filter (same dilation) yields the input gradient:
 * zero-inserted by the stride, with `effectiveKernel - 1 - padBefore` before
 * and whatever makes the result `inH + effectiveKernel - 1` long after.
 */
export function dilateAndPad(dy: tf.Tensor4D, g: ConvGeometry): PaddedInput {
  const keH = (g.kh - 1) * g.dilationH + 1;
  const keW = (g.kw - 1) * g.dilationW + 1;
  return withPadding(
    zeroInsert(dy, g.strideH, g.strideW),
    keH - 1 - g.top,
    g.inH + g.top - g.outH * g.strideH,
    keW - 1 - g.left,
    g.inW + g.left - g.outW * g.strideW,
  );
}

/**
 * The input with exactly the rows and columns the convolution reads:
 * `(out - 1) * stride + (k - 1) * dilation + 1` per axis, starting
 * `top`/`left` zeros before the data.
 */
export function readWindow(x: tf.Tensor4D, g: ConvGeometry): PaddedInput {
  const h = (g.outH - 1) * g.strideH + (g.kh - 1) * g.dilationH + 1;
  const w = (g.outW - 1) * g.strideW + (g.kw - 1) * g.dilationW + 1;
  return withPadding(x, g.top, h - g.inH - g.top, g.left, w - g.inW - g.left);
}
