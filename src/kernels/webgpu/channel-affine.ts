import type * as tf from '@tensorflow/tfjs';
import { CHANNEL_AFFINE } from '../channel-affine.js';
import { type WebGpuRunner, WORKGROUP } from './runner.js';

/**
 * `x * a + y * b + c` with `a`, `b`, `c` per channel (last axis), one thread
 * per element. A program in tfjs-webgpu's form: `main(index)` is called with
 * the flat output index; inputs are bound as storage arrays named after
 * `variableNames`; `size: true` adds `uniforms.size`, the element count.
 */
class ChannelAffineProgram {
  readonly variableNames = ['x', 'y', 'a', 'b', 'c'];
  readonly uniforms = 'channels : i32,';
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly shaderKey = 'tfjsNasChannelAffine';
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(readonly outputShape: number[]) {
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(outputShape.reduce((p, d) => p * d, 1) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let ch = index % uniforms.channels;
          setOutputAtIndex(index, x[index] * a[ch] + y[index] * b[ch] + c[ch]);
        }
      }
    `;
  }
}

/**
 * `CHANNEL_AFFINE` on webgpu: one dispatch. As tfjs ops the same map is up
 * to four broadcasting elementwise programs (two multiplies, two adds), each
 * a full pass; a training BatchNorm makes one such map in its forward pass
 * and one in its backward pass (src/ops/batch-norm-train.ts), and a DARTS
 * step has hundreds of BatchNorms.
 */
export const webgpuChannelAffineConfig: tf.KernelConfig = {
  kernelName: CHANNEL_AFFINE,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { x, y, a, b, c } = inputs as Record<'x' | 'y' | 'a' | 'b' | 'c', tf.TensorInfo>;
    const channels = x.shape[x.shape.length - 1] ?? 1;
    const vectors = [a, b, c];
    if (y.shape.join() !== x.shape.join() || vectors.some((v) => v.shape.join() !== String(channels))) {
      throw new Error(
        `${CHANNEL_AFFINE}: needs x and y of one shape and [${channels}] vectors, got [${x.shape}], [${y.shape}], ${vectors.map((v) => `[${v.shape}]`).join(', ')}`,
      );
    }
    const program = new ChannelAffineProgram([...x.shape]);
    return (backend as unknown as WebGpuRunner).runWebGPUProgram(program, [x, y, a, b, c], 'float32', [
      { type: 'int32', data: [channels] },
    ]);
  },
};
