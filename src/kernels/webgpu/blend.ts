import * as tf from '@tensorflow/tfjs';
import { ElementwiseProgram, runElementwise } from './elementwise.js';

/** The toolkit's kernel: `x * keep + y * gain` for same-shape `x` and `y` (webgpu). */
export const BLEND = 'TfjsNasBlend';

/**
 * `x * keep + y * gain` in one dispatch: an exponential moving average such
 * as BatchNorm's running statistics (`running * (1 - m) + batch * m`, the
 * variance also times `n / (n - 1)`). As tfjs ops that is three programs
 * (two multiplies and an add) on `[C]` vectors, twice per BatchNorm and
 * forward pass: on a GPU each is a dispatch for a handful of numbers.
 */
export const webgpuBlendConfig: tf.KernelConfig = {
  kernelName: BLEND,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, y } = inputs as Record<'x' | 'y', tf.TensorInfo>;
    const { keep, gain } = attrs as unknown as Record<'keep' | 'gain', number>;
    return runElementwise(
      backend,
      BLEND,
      [x, y],
      (shape) =>
        new ElementwiseProgram('tfjsNasBlend', ['x', 'y'], ['keep', 'gain'], 'x[index] * uniforms.keep + y[index] * uniforms.gain', shape),
      [keep, gain],
    );
  },
};

/**
 * `x * keep + y * gain` with {@link BLEND} where the active backend has it
 * (webgpu); null elsewhere, where the caller keeps its tfjs ops (and their
 * exact arithmetic).
 */
export function fusedBlend(x: tf.Tensor, y: tf.Tensor, keep: number, gain: number): tf.Tensor | null {
  if (tf.getKernel(BLEND, tf.getBackend()) === undefined) return null;
  return tf.engine().runKernel(BLEND, { x, y }, { keep, gain }) as tf.Tensor;
}
