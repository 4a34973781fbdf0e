import * as tf from '@tensorflow/tfjs';
import { type WebGpuRunner, WORKGROUP } from './runner.js';

/**
 * An elementwise map of same-shape float32 inputs with float uniforms, one
 * thread per element, in tfjs-webgpu's program form (`main(index)` gets the
 * flat output index, inputs are storage arrays named after `variableNames`).
 */
export class ElementwiseProgram {
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  readonly uniforms: string;

  constructor(
    readonly shaderKey: string,
    readonly variableNames: readonly string[],
    uniformNames: readonly string[],
    private readonly expression: string,
    readonly outputShape: number[],
  ) {
    this.uniforms = uniformNames.map((n) => `${n} : f32,`).join(' ');
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(outputShape.reduce((p, d) => p * d, 1) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, ${this.expression});
        }
      }
    `;
  }
}

/** Run `program` on `inputs` after checking they are float32 tensors of one shape. */
export function runElementwise(
  backend: unknown,
  kernel: string,
  inputs: readonly tf.TensorInfo[],
  make: (shape: number[]) => ElementwiseProgram,
  uniforms: readonly number[],
): tf.TensorInfo {
  const shape = inputs[0]!.shape;
  // A one-element input (a scale) is read as its element 0; the others are elementwise.
  if (inputs.some((t) => t.dtype !== 'float32' || (t.shape.join() !== shape.join() && tf.util.sizeFromShape(t.shape) !== 1))) {
    throw new Error(`${kernel}: needs float32 inputs of one shape, got ${inputs.map((t) => `${t.dtype}[${t.shape}]`).join(', ')}`);
  }
  // One entry per scalar: tfjs lays an entry of three numbers out as a vec3 (16-byte aligned), not as three f32 fields.
  return (backend as unknown as WebGpuRunner).runWebGPUProgram(
    make([...shape]),
    [...inputs],
    'float32',
    uniforms.map((u) => ({ type: 'float32', data: [u] })),
  );
}
