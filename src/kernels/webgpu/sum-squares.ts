import * as tf from '@tensorflow/tfjs';

/** The toolkit's kernel: `[Σ x0², Σ x1², ...]`, one number per input, in one dispatch (webgpu). */
export const SUMS_OF_SQUARES = 'TfjsNasSumsOfSquares';

interface WebGpuBackend {
  runWebGPUProgram(program: object, inputs: tf.TensorInfo[], dtype: tf.DataType): tf.TensorInfo;
  readonly device: { readonly limits: { readonly maxStorageBuffersPerShaderStage: number } };
}

/**
 * The sum of squares of each input: a workgroup per input, each thread
 * summing a strided share of its elements, then a tree in workgroup memory.
 * Each input is its own storage buffer, so the element counts are baked into
 * the shader (and its key): a training step runs the same few groups of
 * shapes every time.
 */
class SumsOfSquaresProgram {
  readonly variableNames: string[];
  readonly workgroupSize: [number, number, number];
  readonly size = true;
  readonly shaderKey: string;
  readonly outputShape: number[];
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];

  constructor(private readonly sizes: readonly number[]) {
    this.variableNames = sizes.map((_, j) => `x${j}`);
    this.workgroupSize = [sizes.some((n) => n >= 4096) ? 256 : 64, 1, 1];
    this.shaderKey = `tfjsNasSumsOfSquares_${this.workgroupSize[0]}_${sizes.join('_')}`;
    this.outputShape = [sizes.length];
    this.dispatch = [sizes.length, 1, 1];
  }

  getUserCode(): string {
    const w = this.workgroupSize[0];
    const loops = this.sizes
      .map(
        (n, j) => `
        if (j == ${j}) {
          for (var i = i32(localId.x); i < ${n}; i = i + ${w}) {
            total = total + x${j}[i] * x${j}[i];
          }
        }`,
      )
      .join('');
    return `
      var<workgroup> partial : array<f32, ${w}>;
      fn main(index : i32) {
        let j = index / ${w};
        var total = 0.0;${loops}
        partial[localId.x] = total;
        workgroupBarrier();
        for (var half = ${w / 2}u; half > 0u; half = half / 2u) {
          if (localId.x < half) {
            partial[localId.x] = partial[localId.x] + partial[localId.x + half];
          }
          workgroupBarrier();
        }
        if (localId.x == 0u && j < uniforms.size) {
          setOutputAtIndex(j, partial[0]);
        }
      }
    `;
  }
}

/**
 * `SUMS_OF_SQUARES` on webgpu for as many inputs as one shader may bind
 * (`maxStorageBuffersPerShaderStage - 1`; `sumsOfSquares` groups more). The
 * global norm of a step's gradients (clipping, PyTorch's
 * `clip_grad_norm_`) as tfjs ops is four programs per gradient (`abs`,
 * `pow`, `sum`, `sqrt` of `tf.norm`), ~1,500 on a small DARTS supernet;
 * this is one per group of ~15 gradients.
 */
export const webgpuSumsOfSquaresConfig: tf.KernelConfig = {
  kernelName: SUMS_OF_SQUARES,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const xs = inputs as unknown as tf.TensorInfo[];
    const gpu = backend as unknown as WebGpuBackend;
    const limit = gpu.device.limits.maxStorageBuffersPerShaderStage - 1;
    if (xs.length === 0 || xs.length > limit || xs.some((x) => x.dtype !== 'float32')) {
      throw new Error(`${SUMS_OF_SQUARES}: needs 1 to ${limit} float32 inputs, got ${xs.map((x) => x.dtype).join(', ') || 'none'}`);
    }
    return gpu.runWebGPUProgram(new SumsOfSquaresProgram(xs.map((x) => tf.util.sizeFromShape(x.shape))), xs, 'float32');
  },
};

/**
 * The sum of the squares of all `tensors`' elements as a scalar, with the
 * `SUMS_OF_SQUARES` kernel in groups the device can bind; null where the
 * active backend lacks the kernel (the caller composes tfjs ops instead).
 */
export function fusedSumOfSquares(tensors: readonly tf.Tensor[]): tf.Scalar | null {
  const backend = tf.getBackend();
  if (tf.getKernel(SUMS_OF_SQUARES, backend) === undefined || tensors.length === 0) return null;
  const limit = (tf.backend() as unknown as WebGpuBackend).device.limits.maxStorageBuffersPerShaderStage - 1;
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    for (let i = 0; i < tensors.length; i += limit) {
      parts.push(tf.engine().runKernel(SUMS_OF_SQUARES, tensors.slice(i, i + limit) as unknown as tf.NamedTensorMap, {}) as tf.Tensor);
    }
    return tf.sum(parts.length === 1 ? parts[0]! : tf.concat(parts)) as tf.Scalar;
  });
}
