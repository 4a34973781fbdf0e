import * as tf from '@tensorflow/tfjs';
import { canRecordMultiOutput, runMultiOutput } from './multi-output.js';
import type { RunningBlend } from './normalize-running.js';
import type { WebGpuRunner } from './runner.js';
import { f32Literal } from './wgsl-literal.js';
import { channelSumWgsl } from './wgsl-channel-sum.js';

/** The toolkit's kernel: a training BatchNorm's whole forward pass (moments, `xhat`, running statistics) in one dispatch (webgpu). */
export const BATCH_NORM_WHOLE = 'TfjsNasBatchNormWhole';

/**
 * Rows (N·H·W) up to which one workgroup per channel does the whole
 * forward pass. Its normalisation then runs on C workgroups instead of one
 * thread per element: for a few thousand rows that is a few dozen elements
 * a thread, cheaper than a dispatch of its own (~25-35 us on Dawn/Vulkan);
 * for a large batch the separate, fully parallel normalisation is kept.
 */
export const WHOLE_MAX_ROWS = 4096;

/**
 * The WGSL. Bindings: `xhat`, `moments` (`[2, C]`), with `running` the next
 * mean and variance; then `x`, with `running` the current mean and
 * variance. A workgroup per channel: the mean and the variance around it as
 * `PACKED_MOMENTS` sums them (strided partial sums, a tree in workgroup
 * memory, the same workgroup size), then `xhat` as `BATCH_NORM_NORMALIZE`
 * computes it, so the numbers are those of the three-dispatch path.
 */
function shader(rows: number, channels: number, w: number, eps: number, blend: RunningBlend | null): string {
  const sum = (expr: string) => channelSumWgsl(rows, channels, w, expr);
  const runningOut = blend
    ? `
          meanOut[ch] = meanIn[ch] * ${f32Literal(blend.keep)} + mean * ${f32Literal(blend.gainMean)};
          varOut[ch] = varIn[ch] * ${f32Literal(blend.keep)} + variance * ${f32Literal(blend.gainVar)};`
    : '';
  return `
    @group(0) @binding(0) var<storage, read_write> xhat : array<f32>;
    @group(0) @binding(1) var<storage, read_write> moments : array<f32>;
    ${blend ? '@group(0) @binding(2) var<storage, read_write> meanOut : array<f32>;' : ''}
    ${blend ? '@group(0) @binding(3) var<storage, read_write> varOut : array<f32>;' : ''}
    @group(0) @binding(${blend ? 4 : 2}) var<storage, read> x : array<f32>;
    ${blend ? '@group(0) @binding(5) var<storage, read> meanIn : array<f32>;' : ''}
    ${blend ? '@group(0) @binding(6) var<storage, read> varIn : array<f32>;' : ''}
    var<workgroup> partial : array<f32, ${w}>;
    @compute @workgroup_size(${w})
    fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(local_invocation_id) local : vec3<u32>) {
      let ch = i32(wid.x);
      let lid = local.x;
      var total = 0.0;${sum('x[i]')}
      let mean = partial[0] * ${f32Literal(1 / rows)};
      workgroupBarrier();${sum('(x[i] - mean) * (x[i] - mean)')}
      let variance = partial[0] * ${f32Literal(1 / rows)};
      let rstd = inverseSqrt(variance + ${f32Literal(eps)});
      for (var r = i32(lid); r < ${rows}; r = r + ${w}) {
        let i = r * ${channels} + ch;
        xhat[i] = (x[i] - mean) * rstd;
      }
      if (lid == 0u) {
        moments[ch] = mean;
        moments[${channels} + ch] = variance;${runningOut}
      }
    }
  `;
}

/**
 * `BATCH_NORM_WHOLE` on webgpu: inputs `x` (`[..., C]`) and, to move them,
 * the running `mean` and `variance`; attributes `eps` and, with them,
 * `keep`, `gainMean`, `gainVar`. Outputs `xhat`, the packed moments and,
 * with the running statistics, their next values. One dispatch where the
 * three-dispatch path (packed moments, then the normalisation writing the
 * running statistics) takes two.
 */
export const webgpuBatchNormWholeConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_WHOLE,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, mean, variance } = inputs as { x: tf.TensorInfo; mean?: tf.TensorInfo; variance?: tf.TensorInfo };
    const a = attrs as unknown as Partial<RunningBlend> & { eps: number };
    const channels = x.shape[x.shape.length - 1] ?? 0;
    const rows = tf.util.sizeFromShape(x.shape) / Math.max(1, channels);
    const withRunning = mean !== undefined && variance !== undefined;
    const blend = withRunning ? { keep: a.keep ?? Number.NaN, gainMean: a.gainMean ?? Number.NaN, gainVar: a.gainVar ?? Number.NaN } : null;
    const ok =
      x.dtype === 'float32' &&
      channels > 0 &&
      rows <= WHOLE_MAX_ROWS &&
      (mean === undefined) === (variance === undefined) &&
      (!withRunning || (mean.shape.join() === String(channels) && variance.shape.join() === String(channels))) &&
      (blend === null || Object.values(blend).every(Number.isFinite));
    if (!ok) {
      throw new Error(
        `${BATCH_NORM_WHOLE}: needs float32 x [..., C] of at most ${WHOLE_MAX_ROWS} rows, and both or neither of mean and variance [C] with keep and gains, got [${x.shape}]`,
      );
    }
    const w = rows >= 4096 ? 256 : 64;
    const key = `tfjsNasBatchNormWhole_${rows}_${channels}_${[a.eps, ...(blend ? Object.values(blend) : [])].map(f32Literal).join('_')}`;
    const outputs = [[...x.shape], [2, channels], ...(withRunning ? [[channels], [channels]] : [])];
    const batch = tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE');
    const ins = withRunning ? [x, mean, variance] : [x];
    return runMultiOutput(backend, key, shader(rows, channels, w, a.eps, blend), ins, outputs, channels, batch);
  },
};

/**
 * A training BatchNorm's `xhat`, packed moments and (given `running`) next
 * running mean and variance with {@link BATCH_NORM_WHOLE}, where the active
 * backend has it, can record it now, and `x` has at most
 * {@link WHOLE_MAX_ROWS} rows; null elsewhere.
 */
export function batchNormWhole(
  x: tf.Tensor4D,
  eps: number,
  running: { readonly mean: tf.Tensor; readonly variance: tf.Tensor; readonly blend: RunningBlend } | undefined,
): { xhat: tf.Tensor4D; moments: tf.Tensor2D; mean?: tf.Tensor1D; variance?: tf.Tensor1D } | null {
  const backend = tf.getBackend();
  if (tf.getKernel(BATCH_NORM_WHOLE, backend) === undefined || !canRecordMultiOutput(tf.backend())) return null;
  if (x.size / (x.shape[3] ?? 1) > WHOLE_MAX_ROWS) return null;
  if ((tf.backend() as unknown as WebGpuRunner).device.limits.maxStorageBuffersPerShaderStage < 7) return null;
  const inputs: tf.NamedTensorMap = running ? { x, mean: running.mean, variance: running.variance } : { x };
  const out = tf
    .engine()
    .runKernel(BATCH_NORM_WHOLE, inputs, { eps, ...(running?.blend ?? {}) } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
  return {
    xhat: out[0] as tf.Tensor4D,
    moments: out[1] as tf.Tensor2D,
    ...(running ? { mean: out[2] as tf.Tensor1D, variance: out[3] as tf.Tensor1D } : {}),
  };
}
