import * as tf from '@tensorflow/tfjs';
import { type WebGpuRunner, WORKGROUP } from './runner.js';

/** The toolkit's kernel: `xhat = (x - mean[c]) / sqrt(variance[c] + eps)` over the last axis (webgpu). */
export const BATCH_NORM_NORMALIZE = 'TfjsNasBatchNormNormalize';
/** The toolkit's kernel: a training BatchNorm's input gradient from `dy`, `xhat` and the per-channel sums (webgpu). */
export const BATCH_NORM_INPUT_GRAD = 'TfjsNasBatchNormInputGrad';

/** A per-element map with per-channel (last axis) vectors, one thread per element, in tfjs-webgpu's program form. */
class ChannelMapProgram {
  readonly uniforms = 'channels : i32, eps : f32, count : f32,';
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(
    readonly shaderKey: string,
    readonly variableNames: readonly string[],
    private readonly body: string,
    readonly outputShape: number[],
  ) {
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(outputShape.reduce((p, d) => p * d, 1) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let ch = index % uniforms.channels;
          ${this.body}
        }
      }
    `;
  }
}

function runChannelMap(
  backend: unknown,
  kernel: string,
  full: readonly tf.TensorInfo[],
  vectors: readonly tf.TensorInfo[],
  program: (shape: number[]) => ChannelMapProgram,
  eps: number,
  count: number,
): tf.TensorInfo {
  const shape = full[0]!.shape;
  const channels = shape[shape.length - 1] ?? 1;
  if (full.some((t) => t.shape.join() !== shape.join()) || vectors.some((v) => v.shape.join() !== String(channels))) {
    throw new Error(
      `${kernel}: needs full-size inputs of one shape and [${channels}] vectors, got ${[...full, ...vectors].map((t) => `[${t.shape}]`).join(', ')}`,
    );
  }
  return (backend as WebGpuRunner).runWebGPUProgram(program([...shape]), [...full, ...vectors], 'float32', [
    { type: 'int32', data: [channels] },
    { type: 'float32', data: [eps] },
    { type: 'float32', data: [count] },
  ]);
}

/**
 * A training BatchNorm's normalisation in one dispatch. Composed of tfjs ops
 * it is four programs on `[C]` vectors (`variance + eps`, `rsqrt`,
 * `mean * rstd`, `neg`) and the full-size affine map: each vector op is a
 * dispatch of its own on a GPU, for a handful of numbers, and a DARTS step
 * has hundreds of BatchNorms.
 */
export const webgpuBatchNormNormalizeConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_NORMALIZE,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, mean, variance } = inputs as Record<'x' | 'mean' | 'variance', tf.TensorInfo>;
    const { eps } = attrs as unknown as { eps: number };
    return runChannelMap(
      backend,
      BATCH_NORM_NORMALIZE,
      [x],
      [mean, variance],
      (shape) =>
        new ChannelMapProgram(
          'tfjsNasBatchNormNormalize',
          ['x', 'mean', 'variance'],
          'setOutputAtIndex(index, (x[index] - mean[ch]) * inverseSqrt(variance[ch] + uniforms.eps));',
          shape,
        ),
      eps,
      1,
    );
  },
};

/**
 * The input gradient of a training BatchNorm over `count` rows (Ioffe &
 * Szegedy 2015), `dx = s * (dy - (sum + xhat * dot) / count)` with
 * `s = gamma / sqrt(variance + eps)` and `sum`, `dot` the per-channel
 * `Σ dy`, `Σ dy·xhat`, in one dispatch (three vector programs and the
 * full-size map as tfjs ops). `gamma` may be left out (affine-off BatchNorm).
 */
export const webgpuBatchNormInputGradConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_INPUT_GRAD,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, xhat, variance, sum, dot, gamma } = inputs as Record<'dy' | 'xhat' | 'variance' | 'sum' | 'dot', tf.TensorInfo> & {
      gamma?: tf.TensorInfo;
    };
    const { eps, count } = attrs as unknown as { eps: number; count: number };
    const vectors = gamma ? [variance, sum, dot, gamma] : [variance, sum, dot];
    const scale = `inverseSqrt(variance[ch] + uniforms.eps)${gamma ? ' * gamma[ch]' : ''}`;
    return runChannelMap(
      backend,
      BATCH_NORM_INPUT_GRAD,
      [dy, xhat],
      vectors,
      (shape) =>
        new ChannelMapProgram(
          `tfjsNasBatchNormInputGrad${gamma ? 'Affine' : ''}`,
          // `dot` is a WGSL built-in: the sums are bound as dySum and dyDot.
          ['dy', 'xhat', 'variance', 'dySum', 'dyDot', ...(gamma ? ['gamma'] : [])],
          `setOutputAtIndex(index, ${scale} * (dy[index] - (dySum[ch] + xhat[index] * dyDot[ch]) / uniforms.count));`,
          shape,
        ),
      eps,
      count,
    );
  },
};

/** Whether the active backend has the fused BatchNorm kernels (webgpu, once the toolkit's kernels are registered). */
export function fusedBatchNormAvailable(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(BATCH_NORM_NORMALIZE, backend) !== undefined && tf.getKernel(BATCH_NORM_INPUT_GRAD, backend) !== undefined;
}

/** `xhat` of a training BatchNorm with {@link BATCH_NORM_NORMALIZE} (no gradient of its own: the caller's custom gradient). */
export function fusedNormalize(x: tf.Tensor4D, mean: tf.Tensor1D, variance: tf.Tensor1D, eps: number): tf.Tensor4D {
  return tf.engine().runKernel(BATCH_NORM_NORMALIZE, { x, mean, variance }, { eps }) as tf.Tensor4D;
}

/** A training BatchNorm's `dx` with {@link BATCH_NORM_INPUT_GRAD}. */
export function fusedInputGrad(
  dy: tf.Tensor4D,
  xhat: tf.Tensor4D,
  variance: tf.Tensor,
  sums: { readonly sum: tf.Tensor1D; readonly dot: tf.Tensor1D },
  gamma: tf.Tensor1D | null,
  eps: number,
  count: number,
): tf.Tensor4D {
  const inputs = { dy, xhat, variance, sum: sums.sum, dot: sums.dot, ...(gamma ? { gamma } : {}) };
  return tf.engine().runKernel(BATCH_NORM_INPUT_GRAD, inputs, { eps, count }) as tf.Tensor4D;
}
