import * as tf from '@tensorflow/tfjs';
import { canRecordMultiOutput, runMultiOutput } from './multi-output.js';
import type { WebGpuRunner } from './runner.js';

/** The toolkit's kernel: `dy * w.flat[at_k]` for every `k`, one output each, in one dispatch (webgpu). */
export const SCALE_BY_ENTRIES = 'TfjsNasScaleByEntries';

const THREADS = 64;
/** WebGPU's guaranteed workgroups per dimension; larger tensors are covered by a grid-stride loop. */
const MAX_WORKGROUPS = 65535;

function shader(size: number, at: readonly number[], workgroups: number): string {
  const k = at.length;
  const outputs = at.map((_, j) => `@group(0) @binding(${j}) var<storage, read_write> out${j} : array<f32>;`);
  const writes = at.map((a, j) => `out${j}[i] = g * w[${a}];`);
  return `
    ${outputs.join('\n    ')}
    @group(0) @binding(${k}) var<storage, read> dy : array<f32>;
    @group(0) @binding(${k + 1}) var<storage, read> w : array<f32>;
    @compute @workgroup_size(${THREADS})
    fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
      for (var i = i32(gid.x); i < ${size}; i = i + ${workgroups * THREADS}) {
        let g = dy[i];
        ${writes.join('\n        ')}
      }
    }
  `;
}

/**
 * `SCALE_BY_ENTRIES` on webgpu: inputs `dy`, `w`; attribute `at` (entries
 * of `w`, at most the storage buffers a shader binds less two). The input
 * gradients of a node's weighted sum (weighted-sum-grad.ts), each term's
 * `dy * w[at_k]`, in one dispatch per node and chunk instead of one per
 * term: a DARTS node sums up to 35 terms. Same arithmetic as
 * `SCALE_BY_ENTRY`.
 */
export const webgpuScaleByEntriesConfig: tf.KernelConfig = {
  kernelName: SCALE_BY_ENTRIES,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, w } = inputs as Record<'dy' | 'w', tf.TensorInfo>;
    const { at } = attrs as unknown as { at: number[] };
    const entries = tf.util.sizeFromShape(w.shape);
    const bound = (backend as unknown as WebGpuRunner).device.limits.maxStorageBuffersPerShaderStage - 2;
    if (
      dy.dtype !== 'float32' ||
      w.dtype !== 'float32' ||
      at.length < 1 ||
      at.length > bound ||
      at.some((a) => !Number.isInteger(a) || a < 0 || a >= entries)
    ) {
      throw new Error(
        `${SCALE_BY_ENTRIES}: needs float32 dy and w and 1 to ${bound} indices into w, got ${dy.dtype}, ${w.dtype}[${w.shape}], [${at}]`,
      );
    }
    const size = tf.util.sizeFromShape(dy.shape);
    const workgroups = Math.min(MAX_WORKGROUPS, Math.max(1, Math.ceil(size / THREADS)));
    const batch = tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE');
    const key = `tfjsNasScaleByEntries_${size}_${workgroups}_${at.join('_')}`;
    return runMultiOutput(
      backend,
      key,
      shader(size, at, workgroups),
      [dy, w],
      at.map(() => [...dy.shape]),
      workgroups,
      batch,
    );
  },
};

/**
 * Every `dy * w.flat[at_k]` with {@link SCALE_BY_ENTRIES}, as many per
 * dispatch as a shader binds, where the active backend has it and can
 * record it now (not under tfjs's kernel timers); null elsewhere.
 */
export function scaleByEntries(dy: tf.Tensor, w: tf.Tensor, at: readonly number[]): tf.Tensor[] | null {
  const backend = tf.getBackend();
  if (tf.getKernel(SCALE_BY_ENTRIES, backend) === undefined || !canRecordMultiOutput(tf.backend())) return null;
  const chunk = (tf.backend() as unknown as WebGpuRunner).device.limits.maxStorageBuffersPerShaderStage - 2;
  if (chunk < 1) return null;
  const out: tf.Tensor[] = [];
  for (let start = 0; start < at.length; start += chunk) {
    const part = at.slice(start, start + chunk);
    out.push(...(tf.engine().runKernel(SCALE_BY_ENTRIES, { dy, w }, { at: part } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[]));
  }
  return out;
}
