import type * as tf from '@tensorflow/tfjs';
import { RELU_GRAD } from '../relu-grad.js';
import { ElementwiseProgram, runElementwise } from './elementwise.js';

/**
 * `RELU_GRAD` on webgpu: `x > 0 ? dy : 0` in one dispatch. tfjs's own ReLU
 * gradient is `Step` then `Multiply`, two dispatches, and every op of a
 * DARTS cell starts with a ReLU (and a separable conv has a second): 578 of
 * the tiny DARTS step's 6,967 dispatches were these pairs. The zero is +0,
 * as on wasm, where `dy * 0` keeps the sign of `dy`.
 */
export const webgpuReluGradConfig: tf.KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { dy, x } = inputs as Record<'dy' | 'x', tf.TensorInfo>;
    if (dy.shape.join() !== x.shape.join())
      throw new Error(`${RELU_GRAD}: needs dy and x of one shape, got [${dy.shape}] and [${x.shape}]`);
    return runElementwise(
      backend,
      RELU_GRAD,
      [dy, x],
      (shape) => new ElementwiseProgram('tfjsNasReluGrad', ['dy', 'x'], [], 'select(0.0, dy[index], x[index] > 0.0)', shape),
      [],
    );
  },
};
