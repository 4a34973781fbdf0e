import * as tf from '@tensorflow/tfjs';
import { canRecordMultiOutput, runMultiOutput } from './multi-output.js';
import type { WebGpuRunner } from './runner.js';

/** The toolkit's kernel: a BatchNorm's running mean and variance after one training batch, both in one dispatch (webgpu). */
export const RUNNING_STATS = 'TfjsNasRunningStats';

const THREADS = 64;

/** A float as a WGSL literal of the same float32 (9 significant digits round-trip). */
function f32(v: number): string {
  const s = Math.fround(v).toPrecision(9);
  return s.includes('e') || s.includes('.') ? s : `${s}.0`;
}

/** The WGSL: `mean' = mean * keep + moments[c] * gainMean`, `var' = var * keep + moments[C + c] * gainVar`, a thread per channel. */
function runningStatsShader(channels: number, keep: number, gainMean: number, gainVar: number): string {
  return `
    @group(0) @binding(0) var<storage, read_write> meanOut : array<f32>;
    @group(0) @binding(1) var<storage, read_write> varOut : array<f32>;
    @group(0) @binding(2) var<storage, read> mean : array<f32>;
    @group(0) @binding(3) var<storage, read> variance : array<f32>;
    @group(0) @binding(4) var<storage, read> moments : array<f32>;
    @compute @workgroup_size(${THREADS})
    fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
      let c = i32(gid.x);
      if (c < ${channels}) {
        meanOut[c] = mean[c] * ${f32(keep)} + moments[c] * ${f32(gainMean)};
        varOut[c] = variance[c] * ${f32(keep)} + moments[${channels} + c] * ${f32(gainVar)};
      }
    }
  `;
}

/**
 * `RUNNING_STATS` on webgpu: both running statistics of a BatchNorm after a
 * training batch (`running * (1 - m) + batch * m`, the variance's batch term
 * times `n / (n - 1)`) from the packed `[mean; variance]` of
 * `PACKED_MOMENTS`, in one dispatch writing two outputs. With `BLEND` it is
 * one dispatch per statistic: 980 of the tiny DARTS step's 6,270 were these
 * blends, for a handful of numbers each. The constants are part of the
 * shader (a pipeline per momentum and batch size, a few per network).
 */
export const webgpuRunningStatsConfig: tf.KernelConfig = {
  kernelName: RUNNING_STATS,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { mean, variance, moments } = inputs as Record<'mean' | 'variance' | 'moments', tf.TensorInfo>;
    const { keep, gainMean, gainVar } = attrs as unknown as Record<'keep' | 'gainMean' | 'gainVar', number>;
    const channels = mean.shape[0] ?? 0;
    const ok =
      [mean, variance, moments].every((t) => t.dtype === 'float32') &&
      mean.shape.length === 1 &&
      variance.shape.join() === mean.shape.join() &&
      moments.shape.join() === `2,${channels}`;
    if (!ok) {
      throw new Error(
        `${RUNNING_STATS}: needs float32 mean [C], variance [C] and moments [2, C], got [${mean.shape}], [${variance.shape}], [${moments.shape}]`,
      );
    }
    const key = `tfjsNasRunningStats_${channels}_${f32(keep)}_${f32(gainMean)}_${f32(gainVar)}`;
    const batch = tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE');
    const code = runningStatsShader(channels, keep, gainMean, gainVar);
    const [nextMean, nextVar] = runMultiOutput(
      backend,
      key,
      code,
      [mean, variance, moments],
      [[channels], [channels]],
      Math.ceil(channels / THREADS),
      batch,
    );
    return [nextMean!, nextVar!];
  },
};

/**
 * The next running mean and variance from packed moments with
 * {@link RUNNING_STATS}, where the active backend has it and can record it
 * now (not under tfjs's kernel timers); null elsewhere (the caller blends).
 */
export function fusedRunningStats(
  mean: tf.Tensor,
  variance: tf.Tensor,
  moments: tf.Tensor,
  keep: number,
  gainMean: number,
  gainVar: number,
): [tf.Tensor, tf.Tensor] | null {
  const backend = tf.getBackend();
  if (tf.getKernel(RUNNING_STATS, backend) === undefined || !canRecordMultiOutput(tf.backend())) return null;
  const bound = (tf.backend() as unknown as WebGpuRunner).device.limits.maxStorageBuffersPerShaderStage;
  if (bound < 5) return null;
  const out = tf.engine().runKernel(RUNNING_STATS, { mean, variance, moments }, { keep, gainMean, gainVar }) as unknown as tf.Tensor[];
  return [out[0]!, out[1]!];
}
