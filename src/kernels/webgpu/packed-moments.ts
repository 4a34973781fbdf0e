import * as tf from '@tensorflow/tfjs';
import type { WebGpuRunner } from './runner.js';

/** The toolkit's kernel: per-channel `[mean; biased variance]` over every axis but the last, as one `[2, C]` tensor (webgpu). */
export const PACKED_MOMENTS = 'TfjsNasPackedMoments';
/** The toolkit's kernel: per-channel `[Σ a; Σ a·b]` over every axis but the last, as one `[2, C]` tensor (webgpu). */
export const PACKED_SUMS = 'TfjsNasPackedSums';

/** A tree sum of `partial` in workgroup memory; every thread then reads the total from `partial[0]`. */
function treeSum(w: number): string {
  return `
        workgroupBarrier();
        for (var half = ${w / 2}u; half > 0u; half = half / 2u) {
          if (localId.x < half) {
            partial[localId.x] = partial[localId.x] + partial[localId.x + half];
          }
          workgroupBarrier();
        }`;
}

/**
 * Two per-channel totals in one dispatch: a workgroup per channel, each
 * thread summing a strided share of the rows, then a tree in workgroup
 * memory, twice. `moments`: the mean, then the mean of squares around it
 * (the two passes of `tf.moments`, with the mean rounded to float32 as
 * there); `sums`: `Σ a`, then `Σ a·b`. Row 0 of the output is the first
 * total, row 1 the second.
 */
class PackedTotalsProgram {
  readonly variableNames: string[];
  readonly uniforms = 'rows : i32, channels : i32, scale : f32,';
  readonly workgroupSize: [number, number, number];
  readonly size = true;
  readonly shaderKey: string;
  readonly outputShape: number[];
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];

  constructor(
    private readonly kind: 'moments' | 'sums',
    channels: number,
    rows: number,
  ) {
    this.variableNames = kind === 'moments' ? ['x'] : ['a', 'b'];
    this.workgroupSize = [rows >= 4096 ? 256 : 64, 1, 1];
    this.shaderKey = `tfjsNasPacked_${kind}_${this.workgroupSize[0]}`;
    this.outputShape = [2, channels];
    this.dispatch = [channels, 1, 1];
  }

  getUserCode(): string {
    const w = this.workgroupSize[0];
    const [first, second] = this.kind === 'moments' ? ['x[i]', '(x[i] - first) * (x[i] - first)'] : ['a[i]', 'a[i] * b[i]'];
    const loop = (expr: string) => `
        total = 0.0;
        for (var r = i32(localId.x); r < uniforms.rows; r = r + ${w}) {
          let i = r * uniforms.channels + ch;
          total = total + ${expr};
        }
        partial[localId.x] = total;${treeSum(w)}`;
    return `
      var<workgroup> partial : array<f32, ${w}>;
      fn main(index : i32) {
        let ch = index / ${w};
        var total = 0.0;${loop(first)}
        let first = partial[0] * uniforms.scale;
        workgroupBarrier();${loop(second)}
        if (localId.x == 0u && ch < uniforms.channels) {
          setOutputAtIndex(ch, first);
          setOutputAtIndex(uniforms.channels + ch, partial[0] * uniforms.scale);
        }
      }
    `;
  }
}

function packedTotals(kernel: string, kind: 'moments' | 'sums', inputs: tf.TensorInfo[], backend: unknown): tf.TensorInfo {
  const a = inputs[0]!;
  if (inputs.some((t) => t.dtype !== 'float32' || t.shape.join() !== a.shape.join())) {
    throw new Error(`${kernel}: needs float32 inputs of one shape, got ${inputs.map((t) => `${t.dtype}[${t.shape}]`).join(', ')}`);
  }
  const channels = a.shape[a.shape.length - 1] ?? 1;
  const rows = tf.util.sizeFromShape(a.shape) / channels;
  return (backend as WebGpuRunner).runWebGPUProgram(new PackedTotalsProgram(kind, channels, rows), inputs, 'float32', [
    { type: 'int32', data: [rows] },
    { type: 'int32', data: [channels] },
    { type: 'float32', data: [kind === 'moments' ? 1 / rows : 1] },
  ]);
}

/**
 * `PACKED_MOMENTS`: a training BatchNorm's batch statistics in one dispatch
 * (two with `CHANNEL_MOMENTS`, whose mean and variance are separate
 * tensors: a WebGPU program writes one). Packed, they are read in place by
 * the normalisation, the running statistics and the input gradient
 * (batch-norm.ts, blend.ts).
 */
export const webgpuPackedMomentsConfig: tf.KernelConfig = {
  kernelName: PACKED_MOMENTS,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => packedTotals(PACKED_MOMENTS, 'moments', [inputs['x'] as tf.TensorInfo], backend),
};

/** `PACKED_SUMS`: the per-channel sums of a BatchNorm's backward pass (`Σ dy`, `Σ dy·xhat`) in one dispatch. */
export const webgpuPackedSumsConfig: tf.KernelConfig = {
  kernelName: PACKED_SUMS,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) =>
    packedTotals(PACKED_SUMS, 'sums', [inputs['a'] as tf.TensorInfo, inputs['b'] as tf.TensorInfo], backend),
};

/** `[mean; variance]` per channel of `x` with {@link PACKED_MOMENTS} (not differentiable). */
export function packedMoments(x: tf.Tensor): tf.Tensor2D {
  return tf.engine().runKernel(PACKED_MOMENTS, { x }, {}) as tf.Tensor2D;
}

/** `[Σ a; Σ a·b]` per channel with {@link PACKED_SUMS} (not differentiable). */
export function packedSums(a: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.engine().runKernel(PACKED_SUMS, { a, b }, {}) as tf.Tensor2D;
}
