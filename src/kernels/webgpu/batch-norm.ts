import * as tf from '@tensorflow/tfjs';
import { PACKED_MOMENTS, PACKED_SUMS } from './packed-moments.js';
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
  const perChannel = (v: tf.TensorInfo) => v.shape.join() === String(channels) || v.shape.join() === `2,${channels}`;
  if (full.some((t) => t.shape.join() !== shape.join()) || !vectors.every(perChannel)) {
    throw new Error(
      `${kernel}: needs full-size inputs of one shape and [${channels}] or [2, ${channels}] vectors, got ${[...full, ...vectors].map((t) => `[${t.shape}]`).join(', ')}`,
    );
  }
  return (backend as WebGpuRunner).runWebGPUProgram(program([...shape]), [...full, ...vectors], 'float32', [
    { type: 'int32', data: [channels] },
    { type: 'float32', data: [eps] },
    { type: 'float32', data: [count] },
  ]);
}

/**
 * A training BatchNorm's normalisation in one dispatch, reading the packed
 * `[mean; variance]` (`PACKED_MOMENTS`, packed-moments.ts). Composed of tfjs
 * ops it is four programs on `[C]` vectors (`variance + eps`, `rsqrt`,
 * `mean * rstd`, `neg`) and the full-size affine map: each vector op is a
 * dispatch of its own on a GPU, for a handful of numbers, and a DARTS step
 * has hundreds of BatchNorms.
 */
export const webgpuBatchNormNormalizeConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_NORMALIZE,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, moments } = inputs as Record<'x' | 'moments', tf.TensorInfo>;
    const { eps } = attrs as unknown as { eps: number };
    return runChannelMap(
      backend,
      BATCH_NORM_NORMALIZE,
      [x],
      [moments],
      (shape) =>
        new ChannelMapProgram(
          'tfjsNasBatchNormNormalize',
          ['x', 'moments'],
          'setOutputAtIndex(index, (x[index] - moments[ch]) * inverseSqrt(moments[uniforms.channels + ch] + uniforms.eps));',
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
 * full-size map as tfjs ops). The variance is read from the packed
 * `moments`; the sums either packed (`sums`, `PACKED_SUMS`: an affine-off
 * BatchNorm, which needs them for nothing else) or as `sum` and `dot` (an
 * affine one, whose `dbeta`, `dgamma` they are). `gamma` may be left out
 * (affine-off BatchNorm).
 */
export const webgpuBatchNormInputGradConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_INPUT_GRAD,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, xhat, moments, sums, sum, dot, gamma } = inputs as Record<'dy' | 'xhat' | 'moments', tf.TensorInfo> &
      Partial<Record<'sums' | 'sum' | 'dot' | 'gamma', tf.TensorInfo>>;
    const { eps, count } = attrs as unknown as { eps: number; count: number };
    const split = sum !== undefined && dot !== undefined;
    if (split === (sums !== undefined)) throw new Error(`${BATCH_NORM_INPUT_GRAD}: needs either sums or sum and dot`);
    const totals = split ? [sum, dot] : [sums!];
    const vectors = [moments, ...totals, ...(gamma ? [gamma] : [])];
    const scale = `inverseSqrt(moments[uniforms.channels + ch] + uniforms.eps)${gamma ? ' * gamma[ch]' : ''}`;
    // `dot` is a WGSL built-in: the sums are bound as dySum and dyDot.
    const [sumAt, dotAt] = split ? ['dySum[ch]', 'dyDot[ch]'] : ['dySums[ch]', 'dySums[uniforms.channels + ch]'];
    return runChannelMap(
      backend,
      BATCH_NORM_INPUT_GRAD,
      [dy, xhat],
      vectors,
      (shape) =>
        new ChannelMapProgram(
          `tfjsNasBatchNormInputGrad${gamma ? 'Affine' : ''}${split ? 'Split' : ''}`,
          ['dy', 'xhat', 'moments', ...(split ? ['dySum', 'dyDot'] : ['dySums']), ...(gamma ? ['gamma'] : [])],
          `setOutputAtIndex(index, ${scale} * (dy[index] - (${sumAt} + xhat[index] * ${dotAt}) / uniforms.count));`,
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
  return [BATCH_NORM_NORMALIZE, BATCH_NORM_INPUT_GRAD, PACKED_MOMENTS, PACKED_SUMS].every((k) => tf.getKernel(k, backend) !== undefined);
}

/** `xhat` of a training BatchNorm with {@link BATCH_NORM_NORMALIZE} from the packed `[mean; variance]` (no gradient of its own: the caller's custom gradient). */
export function fusedNormalize(x: tf.Tensor4D, moments: tf.Tensor2D, eps: number): tf.Tensor4D {
  return tf.engine().runKernel(BATCH_NORM_NORMALIZE, { x, moments }, { eps }) as tf.Tensor4D;
}

/**
 * A training BatchNorm's `dx` with {@link BATCH_NORM_INPUT_GRAD}: `sums` the
 * packed `[Σ dy; Σ dy·xhat]` or the two separately.
 */
export function fusedInputGrad(
  dy: tf.Tensor4D,
  xhat: tf.Tensor4D,
  moments: tf.Tensor,
  sums: tf.Tensor2D | { readonly sum: tf.Tensor1D; readonly dot: tf.Tensor1D },
  gamma: tf.Tensor1D | null,
  eps: number,
  count: number,
): tf.Tensor4D {
  const inputs: tf.NamedTensorMap = { dy, xhat, moments };
  if (sums instanceof tf.Tensor) inputs['sums'] = sums;
  else [inputs['sum'], inputs['dot']] = [sums.sum, sums.dot];
  if (gamma) inputs['gamma'] = gamma;
  return tf.engine().runKernel(BATCH_NORM_INPUT_GRAD, inputs, { eps, count }) as tf.Tensor4D;
}
