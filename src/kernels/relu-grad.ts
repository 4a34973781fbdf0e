import * as tf from '@tensorflow/tfjs';
import { simdFor } from './simd-module.js';
import { asWasmHeap, floatView, sizeOf, type KernelArgs } from './wasm-heap.js';

/** The toolkit's kernel: ReLU's input gradient `x > 0 ? dy : 0` (wasm). */
export const RELU_GRAD = 'TfjsNasReluGrad';

/**
 * `RELU_GRAD` on wasm: one SIMD sweep (compare, mask) over float32 tensors
 * whose size is a multiple of 4. tfjs's own ReLU gradient is three full
 * passes, `Step`, `Cast` and `Multiply`: 1.1 ms against 0.6 ms for
 * [96,28,28,16] (fastest of 15, bench/heap-kernels.ts, machine under load);
 * every op of a DARTS cell starts with a ReLU. A zero gradient is +0 here
 * where tfjs's `dy * 0` keeps the sign of `dy`.
 */
export const wasmReluGradConfig: tf.KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }: KernelArgs) => {
    const b = asWasmHeap(backend);
    const simd = simdFor(b.wasm);
    const { dy, x } = inputs as Record<'dy' | 'x', tf.TensorInfo>;
    const size = sizeOf(x.shape);
    if (simd === null || size % 4 !== 0 || dy.shape.join() !== x.shape.join()) {
      throw new Error(`${RELU_GRAD}: needs SIMD and dy, x of one shape with a size divisible by 4, got [${dy.shape}] and [${x.shape}]`);
    }
    const out = b.makeOutput([...x.shape], 'float32');
    // Addresses after the allocation (it may grow the heap).
    const [dyAt, xAt, outAt] = [dy, x, out].map((t) => floatView(b, t, RELU_GRAD).byteOffset) as [number, number, number];
    simd.reluGrad(dyAt, xAt, outAt, size / 4);
    return out;
  },
};

/**
 * `x > 0 ? dy : 0`: `RELU_GRAD` on wasm where it applies and on webgpu
 * (src/kernels/webgpu/relu-grad.ts, one dispatch), `dy * step(x)` (tfjs's
 * own form) elsewhere.
 */
export function reluGrad(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const backend = tf.getBackend();
  const floats = x.dtype === 'float32' && dy.dtype === 'float32';
  const kernel = floats && tf.getKernel(RELU_GRAD, backend) !== undefined;
  const wasm = backend === 'wasm' && x.size % 4 === 0 && simdFor(asWasmHeap(tf.backend()).wasm) !== null;
  if (kernel && (wasm || backend === 'webgpu')) return tf.engine().runKernel(RELU_GRAD, { dy, x }, {}) as tf.Tensor;
  return tf.tidy(() => tf.mul(dy, tf.cast(tf.step(x), 'float32')));
}

/** `relu`'s gradient through `reluGrad` (tfjs's is three passes on wasm). */
export const reluGradConfig: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    return { x: () => reluGrad(dy as tf.Tensor, x) };
  },
};
