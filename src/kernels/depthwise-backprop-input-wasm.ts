import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { convGeometry, forEachTapRun } from './geometry.js';
import { simdFor } from './simd-module.js';
import { asWasmHeap, floatView, type KernelArgs } from './wasm-heap.js';

/**
 * `DepthwiseConv2dNativeBackpropInput` on wasm for a strided depthwise conv
 * (a DARTS reduction cell's `sep_conv` and `dil_conv`): float32, a channel
 * multiplier of 1, channels in groups of 4, any filter size, dilation and
 * padding: `dx[n, oh * sh + i * dh - top, ow * sw + j * dw - left, c] += dy[n, oh, ow, c] * w[i, j, c]`,
 * one SIMD `weightedTap` call per output row and tap over the output columns
 * whose tap lies inside the image. Returns null for other cases, stride 1
 * among them (there the general kernel's forward depthwise conv of `dy`,
 * XNNPACK's, is as fast): the caller runs the general kernel.
 *
 * Why: the general kernel convolves `dy` with the stride's zeros inserted,
 * so at stride 2 three of its four multiplications are by zero, after a pad
 * and reshape to insert them: 2.6-3x as long on a DARTS reduction cell's
 * shapes (fastest of 15, bench/heap-kernels.ts, machine under load).
 */
export function wasmDepthwiseBackpropInput({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo | null {
  const name = tf.DepthwiseConv2dNativeBackpropInput;
  const b = asWasmHeap(backend);
  const { dy, filter } = inputs as Record<'dy' | 'filter', tf.TensorInfo>;
  const a = attrs as unknown as ConvAttrs & { inputShape: Shape4D };
  const [, , channels, multiplier] = filter.shape as Shape4D;
  const simd = simdFor(b.wasm);
  if (
    simd === null ||
    a.dataFormat === 'NCHW' ||
    multiplier !== 1 ||
    channels % 4 !== 0 ||
    dy.dtype !== 'float32' ||
    filter.dtype !== 'float32'
  )
    return null;
  const g = convGeometry(a.inputShape, filter.shape as Shape4D, a, true);
  if (g.strideH === 1 && g.strideW === 1) return null;
  const expected = [g.batch, g.outH, g.outW, channels];
  if (dy.shape.length !== 4 || dy.shape.some((d, i) => d !== expected[i])) {
    throw new Error(`${name}: dy has shape [${dy.shape}], expected [${expected}]`);
  }
  const out = b.makeOutput([...a.inputShape], 'float32');
  // Views after the allocation (it may grow the heap).
  const dx = floatView(b, out, name).fill(0);
  const [dyAt, wAt] = [floatView(b, dy, name).byteOffset, floatView(b, filter, name).byteOffset];
  const pixel = channels * 4; // bytes
  forEachTapRun(g, 0, g.batch * g.outH, (row, inRow, tap, lo, hi, iw) =>
    simd.weightedTap(
      dyAt + (row * g.outW + lo) * pixel,
      wAt + tap * pixel,
      dx.byteOffset + (inRow * g.inW + iw) * pixel,
      hi - lo,
      g.strideW * pixel,
      channels / 4,
    ),
  );
  return out;
}
