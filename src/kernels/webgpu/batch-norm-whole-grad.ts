import * as tf from '@tensorflow/tfjs';
import { WHOLE_MAX_ROWS } from './batch-norm-whole.js';
import { canRecordMultiOutput, runMultiOutput } from './multi-output.js';
import { f32Literal } from './wgsl-literal.js';
import { channelSumWgsl } from './wgsl-channel-sum.js';

/** The toolkit's kernel: an affine-off training BatchNorm's input gradient, its per-channel sums included, in one dispatch (webgpu). */
export const BATCH_NORM_WHOLE_GRAD = 'TfjsNasBatchNormWholeGrad';

/**
 * The WGSL: a workgroup per channel sums `Σ dy` and `Σ dy·xhat` as
 * `PACKED_SUMS` does (strided partial sums, a tree in workgroup memory, the
 * same workgroup size), then writes `dx` as `BATCH_NORM_INPUT_GRAD` does.
 */
function shader(rows: number, channels: number, w: number, eps: number, count: number): string {
  const sum = (expr: string) => channelSumWgsl(rows, channels, w, expr);
  return `
    @group(0) @binding(0) var<storage, read_write> dx : array<f32>;
    @group(0) @binding(1) var<storage, read> dy : array<f32>;
    @group(0) @binding(2) var<storage, read> xhat : array<f32>;
    @group(0) @binding(3) var<storage, read> moments : array<f32>;
    var<workgroup> partial : array<f32, ${w}>;
    @compute @workgroup_size(${w})
    fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_id) local : vec3<u32>) {
      let ch = i32(wid.x);
      let lid = local.x;
      var total = 0.0;${sum('dy[i]')}
      let dySum = partial[0];
      workgroupBarrier();${sum('dy[i] * xhat[i]')}
      let dyDot = partial[0];
      let scale = inverseSqrt(moments[${channels} + ch] + ${f32Literal(eps)});
      for (var r = i32(lid); r < ${rows}; r = r + ${w}) {
        let i = r * ${channels} + ch;
        dx[i] = scale * (dy[i] - (dySum + xhat[i] * dyDot) / ${f32Literal(count)});
      }
    }
  `;
}

/**
 * `BATCH_NORM_WHOLE_GRAD` on webgpu: inputs `dy`, `xhat` (`[..., C]`, at
 * most `WHOLE_MAX_ROWS` rows) and the packed `moments`; attributes `eps`,
 * `count`. One dispatch where the packed sums and the input gradient take
 * two: the backward pass of the affine-off BatchNorms of a DARTS search
 * cell, the most numerous kind in its supernet.
 */
export const webgpuBatchNormWholeGradConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_WHOLE_GRAD,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, xhat, moments } = inputs as Record<'dy' | 'xhat' | 'moments', tf.TensorInfo>;
    const { eps, count } = attrs as unknown as { eps: number; count: number };
    const channels = dy.shape[dy.shape.length - 1] ?? 0;
    const rows = tf.util.sizeFromShape(dy.shape) / Math.max(1, channels);
    const ok =
      [dy, xhat, moments].every((t) => t.dtype === 'float32') &&
      channels > 0 &&
      rows <= WHOLE_MAX_ROWS &&
      xhat.shape.join() === dy.shape.join() &&
      moments.shape.join() === `2,${channels}`;
    if (!ok) {
      throw new Error(
        `${BATCH_NORM_WHOLE_GRAD}: needs float32 dy and xhat of one shape [..., C] with at most ${WHOLE_MAX_ROWS} rows and moments [2, C], got [${dy.shape}], [${xhat.shape}], [${moments.shape}]`,
      );
    }
    const w = rows >= 4096 ? 256 : 64;
    const key = `tfjsNasBatchNormWholeGrad_${rows}_${channels}_${f32Literal(eps)}_${f32Literal(count)}`;
    const batch = tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE');
    return runMultiOutput(backend, key, shader(rows, channels, w, eps, count), [dy, xhat, moments], [[...dy.shape]], channels, batch)[0]!;
  },
};

/** An affine-off BatchNorm's `dx` with {@link BATCH_NORM_WHOLE_GRAD} where it applies (webgpu, a small batch, recordable now); null elsewhere. */
export function batchNormWholeGrad(dy: tf.Tensor4D, xhat: tf.Tensor4D, moments: tf.Tensor, eps: number, count: number): tf.Tensor4D | null {
  if (tf.getKernel(BATCH_NORM_WHOLE_GRAD, tf.getBackend()) === undefined || !canRecordMultiOutput(tf.backend())) return null;
  if (dy.size / (dy.shape[3] ?? 1) > WHOLE_MAX_ROWS || moments.shape.join() !== `2,${dy.shape[3]}`) return null;
  return tf.engine().runKernel(BATCH_NORM_WHOLE_GRAD, { dy, xhat, moments }, { eps, count }) as tf.Tensor4D;
}
