import * as tf from '@tensorflow/tfjs';
import { channelTotals } from './channel-reduce.js';
import { simdFor } from './simd-module.js';
import { asWasmHeap, floatView, sizeOf, type KernelArgs } from './wasm-heap.js';

/** The toolkit's kernel: per-channel `Σ a` and `Σ a·b` (`Σ a²` without `b`) (wasm). */
export const CHANNEL_SUMS = 'TfjsNasChannelSums';

/**
 * `CHANNEL_SUMS` on wasm: over every axis but the last (channels, a multiple
 * of 4), `Σ a` and `Σ a·b` in one sweep of SIMD `rowDot` calls (`Σ a` as the
 * dot with a vector of ones), totalled in doubles (`channelTotals`): ~1 ms
 * for [96,28,28,16]. wasm's `Sum` over N, H, W of an NHWC tensor transposes
 * it first: ~2-14 ms each, and a training BatchNorm's backward pass took four
 * (~35 of its ~40 ms); its float32 sums are also ~100x less accurate, which
 * matters where the BN input gradient cancels (see the tests).
 */
export const wasmChannelSumsConfig: tf.KernelConfig = {
  kernelName: CHANNEL_SUMS,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }: KernelArgs) => {
    const b = asWasmHeap(backend);
    const simd = simdFor(b.wasm);
    const a = inputs['a'] as tf.TensorInfo;
    const other = (inputs['b'] as tf.TensorInfo | undefined) ?? a;
    const channels = a.shape[a.shape.length - 1] ?? 1;
    if (simd === null || channels % 4 !== 0 || other.shape.join() !== a.shape.join()) {
      throw new Error(`${CHANNEL_SUMS}: needs SIMD and equal shapes with channels in groups of 4, got [${a.shape}] and [${other.shape}]`);
    }
    const [aAt, bAt] = [floatView(b, a, CHANNEL_SUMS).byteOffset, floatView(b, other, CHANNEL_SUMS).byteOffset];
    const pixel = channels * 4;
    const totals = channelTotals(
      b,
      simd,
      sizeOf(a.shape) / channels,
      channels,
      2,
      new Float32Array(channels).fill(1),
      (s, pass, start, count, acc, ones) =>
        pass === 0
          ? s.rowDot(aAt + start * pixel, ones, acc, count, pixel, 0, channels / 4)
          : s.rowDot(aAt + start * pixel, bAt + start * pixel, acc, count, pixel, pixel, channels / 4),
    );
    return totals.map((total) => {
      const out = b.makeOutput([channels], 'float32');
      floatView(b, out, CHANNEL_SUMS).set(total);
      return out;
    });
  },
};

/** Per-channel sums over every axis but the last. */
export interface ChannelSums {
  /** `Σ a`. */
  readonly sum: tf.Tensor1D;
  /** `Σ a·b`, or `Σ a²` without `b`. */
  readonly dot: tf.Tensor1D;
}

/**
 * On wasm with `kernel` registered (`registerTrainingKernels`), float32, channels in groups of 4, SIMD available;
 * on webgpu with `kernel` registered (src/kernels/webgpu), float32.
 */
export function usesChannelKernel(kernel: string, ...tensors: tf.Tensor[]): boolean {
  const [a] = tensors;
  if (a !== undefined && tf.getBackend() === 'webgpu') {
    return tf.getKernel(kernel, 'webgpu') !== undefined && tensors.every((t) => t.dtype === 'float32');
  }
  if (a === undefined || tf.getBackend() !== 'wasm' || tf.getKernel(kernel, 'wasm') === undefined) return false;
  const channels = a.shape[a.rank - 1] ?? 1;
  return channels % 4 === 0 && tensors.every((t) => t.dtype === 'float32') && simdFor(asWasmHeap(tf.backend()).wasm) !== null;
}

/**
 * `Σ a` and `Σ a·b` per channel (last axis), over all other axes: the
 * `CHANNEL_SUMS` kernel on wasm where it applies, `tf.sum`s elsewhere.
 * Not differentiable (a building block for hand-written gradients).
 */
export function channelSums(a: tf.Tensor, b?: tf.Tensor): ChannelSums {
  if (usesChannelKernel(CHANNEL_SUMS, a, ...(b === undefined ? [] : [b]))) {
    const [sum, dot] = tf.engine().runKernel(CHANNEL_SUMS, b === undefined ? { a } : { a, b }, {}) as tf.Tensor1D[];
    return { sum: sum!, dot: dot! };
  }
  return tf.tidy(() => {
    const axes = a.shape.slice(0, -1).map((_, i) => i);
    return { sum: tf.sum(a, axes) as tf.Tensor1D, dot: tf.sum(tf.mul(a, b ?? a), axes) as tf.Tensor1D };
  });
}
