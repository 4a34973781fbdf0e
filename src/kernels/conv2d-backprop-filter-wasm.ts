import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { channelTotals } from './channel-reduce.js';
import { convGeometry, forEachTapRun, isPointwise } from './geometry.js';
import { simdFor, type SimdKernels } from './simd-module.js';
import { asWasmHeap, floatView, type KernelArgs } from './wasm-heap.js';

/** About this many pixels of `dy` per float32 partial sum; the partials are totalled in doubles. */
const CHUNK = 1024;
/**
 * Pixels per `outerDot` call, so that the rows it sweeps once per 4 output
 * channels stay in L1 (32 pixels of 128 + 64 channels: 24 KB). With a whole
 * 1024-pixel chunk in one call, the 1x1 [96,14,14,128] -> 64 took 1.8x as long.
 */
const SWEEP = 32;

/**
 * `Conv2DBackpropFilter` on wasm for an NHWC conv of float32 with output
 * channels in groups of 4 (every conv of a DARTS or NAS-Bench-201 network),
 * any filter size, stride, dilation and padding:
 * `dW[i, j, ci, co] = sum_{n, oh, ow} x[n, oh * sh + i * dh - top, ow * sw + j * dw - left, ci] * dy[n, oh, ow, co]`,
 * as SIMD `outerDot` calls read in place: per output row and tap, over the
 * output columns whose input lies inside the image, and for a 1x1 stride-1
 * unpadded conv over runs of `SWEEP` consecutive pixels. The sums run in
 * float32 over chunks of about `CHUNK` output pixels, the chunks in doubles.
 * Returns null for other cases: the caller runs the general kernel
 * (`conv2dBackpropFilter`).
 *
 * Why: the general kernel transposes `x` (and, beyond 1x1, `dy` and the
 * result) around one matMul or conv, and wasm's Transpose is slow on these
 * shapes: [75264, 64] took ~35 ms, as long as the product itself, and
 * [96,28,28,64] ~95 ms for the 2x2 stride-2 filter of a FactorizedReduce;
 * the filter gradients were ~25% of the kernel time of a DARTS retraining
 * step. bench/heap-kernels.ts has the per-shape times. The general kernel
 * also sums all pixels in one float32 chain.
 */
export function wasmConv2dBackpropFilter({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo | null {
  const name = tf.Conv2DBackpropFilter;
  const b = asWasmHeap(backend);
  const { x, dy } = inputs as Record<'x' | 'dy', tf.TensorInfo>;
  const a = attrs as unknown as ConvAttrs & { filterShape: Shape4D };
  const [kh, kw, cin, cout] = a.filterShape;
  const simd = simdFor(b.wasm);
  if (simd === null || a.dataFormat === 'NCHW' || cout % 4 !== 0 || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const g = convGeometry(x.shape as Shape4D, a.filterShape, a, false);
  const expected = [g.batch, g.outH, g.outW, cout];
  if (dy.shape.length !== 4 || dy.shape.some((d, i) => d !== expected[i])) {
    throw new Error(`${name}: dy has shape [${dy.shape}], expected [${expected}]`);
  }
  const [xAt, dyAt] = [floatView(b, x, name).byteOffset, floatView(b, dy, name).byteOffset];
  const [xPixel, dyPixel, tap] = [cin * 4, cout * 4, cin * cout * 4]; // bytes
  /** `outerDot` over `count` output pixels from `dyFrom`, their inputs `xStep` apart from `xFrom`, into `acc`. */
  const sweep = (s: SimdKernels, xFrom: number, xStep: number, dyFrom: number, count: number, acc: number) => {
    for (let q = 0; q < count; q += SWEEP) {
      s.outerDot(xFrom + q * xStep, dyFrom + q * dyPixel, acc, Math.min(SWEEP, count - q), xStep, dyPixel, cin, cout / 4);
    }
  };
  let total: Float64Array;
  if (isPointwise(g)) {
    [total] = channelTotals(
      b,
      simd,
      g.batch * g.outH * g.outW,
      cin * cout,
      1,
      new Float32Array(0),
      (s, _pass, start, count, acc) => sweep(s, xAt + start * xPixel, xPixel, dyAt + start * dyPixel, count, acc),
      CHUNK,
    ) as [Float64Array];
  } else {
    // One "pixel" of the reduction is an output row here.
    [total] = channelTotals(
      b,
      simd,
      g.batch * g.outH,
      kh * kw * cin * cout,
      1,
      new Float32Array(0),
      (s, _pass, start, count, acc) =>
        forEachTapRun(g, start, start + count, (row, inRow, t, lo, hi, iw) =>
          sweep(s, xAt + (inRow * g.inW + iw) * xPixel, g.strideW * xPixel, dyAt + (row * g.outW + lo) * dyPixel, hi - lo, acc + t * tap),
        ),
      Math.max(1, Math.floor(CHUNK / g.outW)),
    ) as [Float64Array];
  }
  const out = b.makeOutput([...a.filterShape], 'float32');
  floatView(b, out, name).set(total);
  return out;
}
