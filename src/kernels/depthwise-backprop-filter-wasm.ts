import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { convGeometry, forEachTapBlock } from './geometry.js';
import { simdFor } from './simd-module.js';
import { asWasmHeap, floatView, type KernelArgs } from './wasm-heap.js';

/**
 * `DepthwiseConv2dNativeBackpropFilter` on wasm, dilation included, for a
 * channel multiplier of 1 and channels in groups of 4 (every depthwise conv of
 * a DARTS network):
 * `dW[i, j, c] = sum_{n, oh, ow} x[n, oh * sh + i * dh - top, ow * sw + j * dw - left, c] * dy[n, oh, ow, c]`,
 * one SIMD `rowDotRows` call (4 channels per instruction) per image and tap,
 * over the block of output rows and columns whose input lies inside the
 * image (the padding contributes nothing); the row sums add up in float32 in
 * the output. (One `rowDot` call per output row instead took ~1.2-2x as long:
 * a call into wasm costs about as much as a 28-pixel row's work.)
 * Returns null for other cases: the caller runs the general op-based kernel.
 *
 * Why: the op-based `depthwiseConv2dBackpropFilter` (the reference in the
 * tests) is one XNNPACK depthwise convolution with the batch folded into the
 * channels and the output gradient as a filter the size of the image (input
 * [1,28,28,1536], filter [28,28,1536,1] for a 5x5 over [96,28,28,16]);
 * XNNPACK's depthwise kernels are built for small filters, and this took
 * ~17% of the kernel time of a DARTS retraining step. 5x5, dilation 2 over
 * [96,28,28,16]: 63 -> 6 ms; 10-17x on the step's shapes (bench/heap-kernels.ts,
 * 2-core machine under load).
 */
export function wasmDepthwiseBackpropFilter({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo | null {
  const name = tf.DepthwiseConv2dNativeBackpropFilter;
  const b = asWasmHeap(backend);
  const { x, dy } = inputs as Record<'x' | 'dy', tf.TensorInfo>;
  const a = attrs as unknown as ConvAttrs & { filterShape: Shape4D };
  const [_kh, _kw, channels, multiplier] = a.filterShape;
  const simd = simdFor(b.wasm);
  if (simd === null || multiplier !== 1 || channels % 4 !== 0 || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const g = convGeometry(x.shape as Shape4D, a.filterShape, a, true);
  const expected = [g.batch, g.outH, g.outW, channels];
  if (dy.shape.length !== 4 || dy.shape.some((d, i) => d !== expected[i])) {
    throw new Error(`${name}: dy has shape [${dy.shape}], expected [${expected}]`);
  }
  const out = b.makeOutput([...a.filterShape], 'float32');
  const dw = floatView(b, out, name).fill(0);
  const [xAt, dyAt] = [floatView(b, x, name).byteOffset, floatView(b, dy, name).byteOffset];
  const pixel = channels * 4; // bytes
  forEachTapBlock(g, (n, tap, ohLo, ohHi, lo, hi, ih, iw) =>
    simd.rowDotRows(
      xAt + ((n * g.inH + ih) * g.inW + iw) * pixel,
      dyAt + ((n * g.outH + ohLo) * g.outW + lo) * pixel,
      dw.byteOffset + tap * pixel,
      hi - lo,
      g.strideW * pixel,
      pixel,
      channels / 4,
      ohHi - ohLo,
      g.strideH * g.inW * pixel,
      g.outW * pixel,
    ),
  );
  return out;
}
