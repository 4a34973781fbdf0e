import * as tf from '@tensorflow/tfjs';
import { canRecordMultiOutput, runMultiOutput } from './multi-output.js';
import { f32Literal } from './wgsl-literal.js';
import type { WebGpuRunner } from './runner.js';

/** The toolkit's kernel: a training BatchNorm's `xhat` and its next running mean and variance, in one dispatch (webgpu). */
export const BATCH_NORM_NORMALIZE_RUNNING = 'TfjsNasBatchNormNormalizeRunning';

const THREADS = 64;
/** WebGPU's guaranteed workgroups per dimension; larger tensors are covered by a grid-stride loop. */
const MAX_WORKGROUPS = 65535;

/** How the running statistics move: `running * keep + batch * gain` (the variance's gain holds `n / (n - 1)`). */
export interface RunningBlend {
  readonly keep: number;
  readonly gainMean: number;
  readonly gainVar: number;
}

function shader(size: number, channels: number, eps: number, blend: RunningBlend, workgroups: number): string {
  const [keep, gm, gv] = [blend.keep, blend.gainMean, blend.gainVar].map(f32Literal);
  return `
    @group(0) @binding(0) var<storage, read_write> xhat : array<f32>;
    @group(0) @binding(1) var<storage, read_write> meanOut : array<f32>;
    @group(0) @binding(2) var<storage, read_write> varOut : array<f32>;
    @group(0) @binding(3) var<storage, read> x : array<f32>;
    @group(0) @binding(4) var<storage, read> moments : array<f32>;
    @group(0) @binding(5) var<storage, read> mean : array<f32>;
    @group(0) @binding(6) var<storage, read> variance : array<f32>;
    @compute @workgroup_size(${THREADS})
    fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
      for (var i = i32(gid.x); i < ${size}; i = i + ${workgroups * THREADS}) {
        let ch = i % ${channels};
        xhat[i] = (x[i] - moments[ch]) * inverseSqrt(moments[${channels} + ch] + ${f32Literal(eps)});
      }
      let c = i32(gid.x);
      if (c < ${channels}) {
        meanOut[c] = mean[c] * ${keep} + moments[c] * ${gm};
        varOut[c] = variance[c] * ${keep} + moments[${channels} + c] * ${gv};
      }
    }
  `;
}

/**
 * `BATCH_NORM_NORMALIZE_RUNNING` on webgpu: the normalisation of
 * `BATCH_NORM_NORMALIZE` (same arithmetic) with the running statistics of
 * `RUNNING_STATS` written by the first `C` threads of the same dispatch, so
 * a training BatchNorm's forward pass is two dispatches (its packed moments,
 * then this) instead of three. Inputs `x`, `moments` (`[2, C]`), `mean`,
 * `variance` (`[C]`); outputs `xhat`, the next mean and variance.
 */
export const webgpuBatchNormNormalizeRunningConfig: tf.KernelConfig = {
  kernelName: BATCH_NORM_NORMALIZE_RUNNING,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, moments, mean, variance } = inputs as Record<'x' | 'moments' | 'mean' | 'variance', tf.TensorInfo>;
    const { eps, keep, gainMean, gainVar } = attrs as unknown as RunningBlend & { eps: number };
    const channels = x.shape[x.shape.length - 1] ?? 0;
    const ok =
      [x, moments, mean, variance].every((t) => t.dtype === 'float32') &&
      moments.shape.join() === `2,${channels}` &&
      mean.shape.join() === String(channels) &&
      variance.shape.join() === String(channels);
    if (!ok) {
      throw new Error(
        `${BATCH_NORM_NORMALIZE_RUNNING}: needs float32 x [..., C], moments [2, C], mean and variance [C], got [${x.shape}], [${moments.shape}], [${mean.shape}], [${variance.shape}]`,
      );
    }
    const size = tf.util.sizeFromShape(x.shape);
    const workgroups = Math.min(MAX_WORKGROUPS, Math.ceil(size / THREADS));
    const blend = { keep, gainMean, gainVar };
    const key = `tfjsNasNormalizeRunning_${size}_${channels}_${workgroups}_${[eps, keep, gainMean, gainVar].map(f32Literal).join('_')}`;
    const batch = tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE');
    const code = shader(size, channels, eps, blend, workgroups);
    return runMultiOutput(backend, key, code, [x, moments, mean, variance], [[...x.shape], [channels], [channels]], workgroups, batch);
  },
};

/**
 * `xhat` and the next running mean and variance with
 * {@link BATCH_NORM_NORMALIZE_RUNNING} where the active backend has it and
 * can record it now (not under tfjs's kernel timers); null elsewhere, where
 * the caller normalises and blends separately.
 */
export function fusedNormalizeRunning(
  x: tf.Tensor4D,
  moments: tf.Tensor2D,
  eps: number,
  running: { readonly mean: tf.Tensor; readonly variance: tf.Tensor },
  blend: RunningBlend,
): [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D] | null {
  const backend = tf.getBackend();
  if (tf.getKernel(BATCH_NORM_NORMALIZE_RUNNING, backend) === undefined || !canRecordMultiOutput(tf.backend())) return null;
  if ((tf.backend() as unknown as WebGpuRunner).device.limits.maxStorageBuffersPerShaderStage < 7) return null;
  const inputs = { x, moments, mean: running.mean, variance: running.variance };
  const out = tf.engine().runKernel(BATCH_NORM_NORMALIZE_RUNNING, inputs, { eps, ...blend }) as unknown as tf.Tensor[];
  return [out[0] as tf.Tensor4D, out[1] as tf.Tensor1D, out[2] as tf.Tensor1D];
}
