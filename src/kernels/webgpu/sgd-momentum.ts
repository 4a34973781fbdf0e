import * as tf from '@tensorflow/tfjs';
import { ElementwiseProgram, runElementwise } from './elementwise.js';

/** The toolkit's kernel: a momentum buffer's next value, `keep * buf + gain * (g * scale + decay * w)` (webgpu). */
export const SGD_MOMENTUM_BUFFER = 'TfjsNasSgdMomentumBuffer';
/** The toolkit's kernel: a weight after its step, `w - lr * d` (webgpu). */
export const SGD_DESCEND = 'TfjsNasSgdDescend';

/**
 * PyTorch's SGD momentum buffer update (`buf = momentum * buf + (1 -
 * dampening) * (g + weight_decay * w)`; the first step `buf = g +
 * weight_decay * w`: keep 0, gain 1) in one dispatch, the gradient scaled
 * by the one-element `scale` first (the clipping coefficient, so clipping
 * costs no pass over the gradients). As tfjs ops it is five
 * elementwise programs per variable (two multiplies and an add for the decay
 * and the momentum each, less one), and a DARTS supernet has hundreds of
 * variables, most under 1,000 weights, so the optimizer's launches, not its
 * arithmetic, are its cost on a GPU.
 */
export const webgpuSgdMomentumBufferConfig: tf.KernelConfig = {
  kernelName: SGD_MOMENTUM_BUFFER,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { g, w, buf, scale } = inputs as Record<'g' | 'w' | 'buf' | 'scale', tf.TensorInfo>;
    const { keep, gain, decay } = attrs as unknown as Record<'keep' | 'gain' | 'decay', number>;
    return runElementwise(
      backend,
      SGD_MOMENTUM_BUFFER,
      [g, w, buf, scale],
      (shape) =>
        new ElementwiseProgram(
          'tfjsNasSgdMomentumBuffer',
          ['g', 'w', 'buf', 'scale'],
          ['keep', 'gain', 'decay'],
          'uniforms.keep * buf[index] + uniforms.gain * (g[index] * scale[0] + uniforms.decay * w[index])',
          shape,
        ),
      [keep, gain, decay],
    );
  },
};

/** The weight step `w - lr * d` in one dispatch (as tfjs ops: a multiply and a subtract). */
export const webgpuSgdDescendConfig: tf.KernelConfig = {
  kernelName: SGD_DESCEND,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { w, d } = inputs as Record<'w' | 'd', tf.TensorInfo>;
    const { lr } = attrs as unknown as { lr: number };
    return runElementwise(
      backend,
      SGD_DESCEND,
      [w, d],
      (shape) => new ElementwiseProgram('tfjsNasSgdDescend', ['w', 'd'], ['lr'], 'w[index] - uniforms.lr * d[index]', shape),
      [lr],
    );
  },
};

/** Whether the active backend has the fused SGD kernels (webgpu, once the toolkit's kernels are registered). */
export function fusedSgdAvailable(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(SGD_MOMENTUM_BUFFER, backend) !== undefined && tf.getKernel(SGD_DESCEND, backend) !== undefined;
}

/**
 * One SGD-momentum step of `w` with the fused kernels (two dispatches) on
 * the gradient `g * scale` (`scale`: one element): assigns the buffer and
 * the weight. `first`: PyTorch's first step, the buffer starts at the
 * decayed gradient.
 */
export function fusedSgdMomentumStep(
  w: tf.Variable,
  g: tf.Tensor,
  scale: tf.Tensor,
  buf: tf.Variable,
  options: {
    readonly momentum: number;
    readonly dampening: number;
    readonly weightDecay: number;
    readonly lr: number;
    readonly first: boolean;
  },
): void {
  const attrs = { keep: options.first ? 0 : options.momentum, gain: options.first ? 1 : 1 - options.dampening, decay: options.weightDecay };
  tf.tidy(() => {
    const next = tf.engine().runKernel(SGD_MOMENTUM_BUFFER, { g, w, buf, scale }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    buf.assign(next);
    w.assign(tf.engine().runKernel(SGD_DESCEND, { w, d: next }, { lr: options.lr }) as tf.Tensor);
  });
}
