import * as tf from '@tensorflow/tfjs';
import { channelTotals } from './channel-reduce.js';
import { usesChannelKernel } from './channel-sums.js';
import { simdFor } from './simd-module.js';
import { asWasmHeap, floatView, sizeOf, type KernelArgs } from './wasm-heap.js';

/** The toolkit's kernel: per-channel mean and biased variance (wasm). */
export const CHANNEL_MOMENTS = 'TfjsNasChannelMoments';

/**
 * `CHANNEL_MOMENTS` on wasm: over every axis but the last (channels, a
 * multiple of 4), two SIMD sweeps as `tf.moments` makes them: the mean, then
 * the mean of squares around it (`rowSquares` centred on the mean rounded to
 * float32, the rounding corrected exactly), totalled in doubles
 * (`channelTotals`). wasm's `tf.moments` over N, H, W is two `Mean`s (which
 * transpose first) and two elementwise ops: ~15 ms for [96,28,28,16], ~1-4 ms
 * this way (bench/heap-kernels.ts).
 */
export const wasmChannelMomentsConfig: tf.KernelConfig = {
  kernelName: CHANNEL_MOMENTS,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }: KernelArgs) => {
    const b = asWasmHeap(backend);
    const simd = simdFor(b.wasm);
    const x = inputs['x'] as tf.TensorInfo;
    const channels = x.shape[x.shape.length - 1] ?? 1;
    if (simd === null || channels % 4 !== 0)
      throw new Error(`${CHANNEL_MOMENTS}: needs SIMD and channels in groups of 4, got [${x.shape}]`);
    const xAt = floatView(b, x, CHANNEL_MOMENTS).byteOffset;
    const [pixel, groups, pixels] = [channels * 4, channels / 4, sizeOf(x.shape) / channels];
    const [sum] = channelTotals(b, simd, pixels, channels, 1, new Float32Array(channels).fill(1), (s, _, start, count, acc, ones) =>
      s.rowDot(xAt + start * pixel, ones, acc, count, pixel, 0, groups),
    );
    const mean = sum!.map((v) => v / pixels);
    const centre = Float32Array.from(mean);
    const [squares] = channelTotals(b, simd, pixels, channels, 1, centre, (s, _, start, count, acc, at) =>
      s.rowSquares(xAt + start * pixel, at, acc, count, pixel, groups),
    );
    // Σ(x - c)² / m = variance + (mean - c)².
    const variance = squares!.map((v, c) => Math.max(0, v / pixels - (mean[c]! - centre[c]!) ** 2));
    return [mean, variance].map((values) => {
      const out = b.makeOutput([channels], 'float32');
      floatView(b, out, CHANNEL_MOMENTS).set(values);
      return out;
    });
  },
};

/**
 * Per-channel mean and (biased) variance over all other axes: the
 * `CHANNEL_MOMENTS` kernel on wasm where it applies, `tf.moments` elsewhere.
 * Not differentiable (a building block for hand-written gradients).
 */
export function channelMoments(x: tf.Tensor): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  if (usesChannelKernel(CHANNEL_MOMENTS, x)) {
    const [mean, variance] = tf.engine().runKernel(CHANNEL_MOMENTS, { x }, {}) as tf.Tensor1D[];
    return { mean: mean!, variance: variance! };
  }
  const { mean, variance } = tf.moments(
    x,
    x.shape.slice(0, -1).map((_, i) => i),
  );
  return { mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}
