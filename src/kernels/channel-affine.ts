import * as tf from '@tensorflow/tfjs';
import { channelSums, usesChannelKernel } from './channel-sums.js';
import { simdFor } from './simd-module.js';
import { asWasmHeap, floatView, sizeOf, type KernelArgs } from './wasm-heap.js';

/** The toolkit's kernel: `x * a + y * b + c` with `a`, `b`, `c` per channel (last axis) (wasm). */
export const CHANNEL_AFFINE = 'TfjsNasChannelAffine';

/**
 * `CHANNEL_AFFINE` on wasm: one SIMD sweep over `x` and `y` (channels a
 * multiple of 4, float32), writing a new tensor. As tfjs ops the same map is
 * up to four broadcasting elementwise kernels, each a full pass at ~1.4 ns an
 * element on wasm ([96,28,28,16] `Multiply` by a [16] vector: ~1.7 ms); a
 * training BatchNorm made four in its forward and five in its backward pass.
 */
export const wasmChannelAffineConfig: tf.KernelConfig = {
  kernelName: CHANNEL_AFFINE,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }: KernelArgs) => {
    const b = asWasmHeap(backend);
    const simd = simdFor(b.wasm);
    const { x, y, a, b: by, c } = inputs as Record<'x' | 'y' | 'a' | 'b' | 'c', tf.TensorInfo>;
    const channels = x.shape[x.shape.length - 1] ?? 1;
    const vectors = [a, by, c];
    if (
      simd === null ||
      channels % 4 !== 0 ||
      y.shape.join() !== x.shape.join() ||
      vectors.some((v) => v.shape.join() !== String(channels))
    ) {
      throw new Error(
        `${CHANNEL_AFFINE}: needs SIMD, x and y of one shape with channels in groups of 4 and [${channels}] vectors, got [${x.shape}], [${y.shape}], ${vectors.map((v) => `[${v.shape}]`).join(', ')}`,
      );
    }
    const out = b.makeOutput([...x.shape], 'float32');
    // Addresses after the allocation (it may grow the heap).
    const [xAt, yAt, aAt, bAt, cAt, outAt] = [x, y, a, by, c, out].map((t) => floatView(b, t, CHANNEL_AFFINE).byteOffset) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    simd.affine(xAt, yAt, aAt, bAt, cAt, outAt, sizeOf(x.shape) / channels, channels / 4);
    return out;
  },
};

/**
 * `CHANNEL_AFFINE`'s gradient: `dy * a` and `dy * b` for `x` and `y`, the
 * per-channel sums `Σ dy·x`, `Σ dy·y` and `Σ dy` for `a`, `b` and `c`.
 */
export const channelAffineGradConfig: tf.GradConfig = {
  kernelName: CHANNEL_AFFINE,
  inputsToSave: ['x', 'y', 'a', 'b'],
  gradFunc: (dy, saved) => {
    const [x, y, a, b] = saved as [tf.Tensor, tf.Tensor, tf.Tensor1D, tf.Tensor1D];
    const g = dy as tf.Tensor;
    return {
      x: () => tf.mul(g, a),
      y: () => tf.mul(g, b),
      a: () => tf.tidy(() => channelSums(g, x).dot),
      b: () => tf.tidy(() => channelSums(g, y).dot),
      c: () => tf.tidy(() => channelSums(g).sum),
    };
  },
};

/**
 * `x * a + c`, or `x * a + y * b + c` with `y` and `b`, for per-channel
 * (last axis) vectors `a`, `b`, `c`: the `CHANNEL_AFFINE` kernel on wasm where
 * it applies, tfjs ops elsewhere. Differentiable in every input.
 */
export function channelAffine(x: tf.Tensor, a: tf.Tensor1D, c: tf.Tensor1D, y?: tf.Tensor, b?: tf.Tensor1D): tf.Tensor {
  if ((y === undefined) !== (b === undefined)) throw new Error('channelAffine: y and b go together');
  if (usesChannelKernel(CHANNEL_AFFINE, x, a, c, ...(y && b ? [y, b] : []))) {
    return tf.tidy(() => tf.engine().runKernel(CHANNEL_AFFINE, { x, y: y ?? x, a, b: b ?? tf.zerosLike(a), c }, {}) as tf.Tensor);
  }
  return tf.tidy(() => {
    const ax = tf.mul(x, a);
    return tf.add(y && b ? tf.add(ax, tf.mul(y, b)) : ax, c);
  });
}
