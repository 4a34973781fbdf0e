import * as tf from '@tensorflow/tfjs';
import { type WebGpuRunner, WORKGROUP } from './runner.js';

/** The toolkit's kernel: `x * keep + y[offset + i] * gain` for `x` and a same-size stretch of `y` (webgpu). */
export const BLEND = 'TfjsNasBlend';

/** `x[i] * keep + y[i + offset] * gain`, one thread per element of `x`. */
class BlendProgram {
  readonly variableNames = ['x', 'y'];
  readonly uniforms = 'keep : f32, gain : f32, offset : i32,';
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly shaderKey = 'tfjsNasBlend';
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(readonly outputShape: number[]) {
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(tf.util.sizeFromShape(outputShape) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, x[index] * uniforms.keep + y[index + uniforms.offset] * uniforms.gain);
        }
      }
    `;
  }
}

/**
 * `x * keep + y * gain` in one dispatch: an exponential moving average such
 * as BatchNorm's running statistics (`running * (1 - m) + batch * m`, the
 * variance also times `n / (n - 1)`). As tfjs ops that is three programs
 * (two multiplies and an add) on `[C]` vectors, twice per BatchNorm and
 * forward pass: on a GPU each is a dispatch for a handful of numbers. `y`
 * is read from `offset` on, so the batch statistics are read in place from
 * the packed `[mean; variance]` (`PACKED_MOMENTS`).
 */
export const webgpuBlendConfig: tf.KernelConfig = {
  kernelName: BLEND,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, y } = inputs as Record<'x' | 'y', tf.TensorInfo>;
    const { keep, gain, offset } = attrs as unknown as Record<'keep' | 'gain' | 'offset', number>;
    const size = tf.util.sizeFromShape(x.shape);
    if (
      x.dtype !== 'float32' ||
      y.dtype !== 'float32' ||
      !Number.isInteger(offset) ||
      offset < 0 ||
      offset + size > tf.util.sizeFromShape(y.shape)
    ) {
      throw new Error(`${BLEND}: needs float32 x and y with ${size} elements of y from offset ${offset}, got [${x.shape}], [${y.shape}]`);
    }
    return (backend as unknown as WebGpuRunner).runWebGPUProgram(new BlendProgram([...x.shape]), [x, y], 'float32', [
      { type: 'float32', data: [keep] },
      { type: 'float32', data: [gain] },
      { type: 'int32', data: [offset] },
    ]);
  },
};

/**
 * `x * keep + y.flat[offset + i] * gain` with {@link BLEND} where the active
 * backend has it (webgpu); null elsewhere, where the caller keeps its tfjs
 * ops (and their exact arithmetic).
 */
export function fusedBlend(x: tf.Tensor, y: tf.Tensor, keep: number, gain: number, offset = 0): tf.Tensor | null {
  if (tf.getKernel(BLEND, tf.getBackend()) === undefined) return null;
  return tf.engine().runKernel(BLEND, { x, y }, { keep, gain, offset }) as tf.Tensor;
}
