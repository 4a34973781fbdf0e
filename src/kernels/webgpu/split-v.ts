import * as tf from '@tensorflow/tfjs';
import { canRecordMultiOutput, runMultiOutput } from './multi-output.js';
import { storageInputs, type WebGpuRunner } from './runner.js';

const THREADS = 256;
/** WebGPU's guaranteed workgroups per dimension; larger tensors are covered by a grid-stride loop. */
const MAX_WORKGROUPS = 65535;

/** The WGSL of a split of `[outer, sum(sizes), inner]` into `[outer, sizes[k], inner]`, a thread per input element. */
function splitShader(outer: number, sizes: readonly number[], inner: number, workgroups: number): string {
  const axis = sizes.reduce((a, b) => a + b, 0);
  const bindings = sizes.map((_, k) => `@group(0) @binding(${k}) var<storage, read_write> out${k} : array<f32>;`);
  let offset = 0;
  const branches = sizes.map((size, k) => {
    const start = offset;
    offset += size;
    return `if (a < ${offset}) { out${k}[(o * ${size} + a - ${start}) * ${inner} + i] = x[idx]; }`;
  });
  return `
    ${bindings.join('\n    ')}
    @group(0) @binding(${sizes.length}) var<storage, read> x : array<f32>;
    @compute @workgroup_size(${THREADS})
    fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
      for (var idx = i32(gid.x); idx < ${outer * axis * inner}; idx = idx + ${workgroups * THREADS}) {
        let i = idx % ${inner};
        let a = (idx / ${inner}) % ${axis};
        let o = idx / (${inner * axis});
        ${branches.join(' else ')}
      }
    }
  `;
}

/**
 * `SplitV` on webgpu in one dispatch, every part written by the same
 * shader. tfjs-webgpu's runs one slice program per part: the gradient of a
 * DARTS cell's output concat splits it back into its four nodes on every
 * backward pass. Falls back to tfjs-webgpu's kernel where the parts and the
 * input outnumber the storage buffers a shader binds, a part is empty, the
 * input is not float32, or tfjs is timing kernels (`tf.time`).
 */
export function splitVConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.SplitV,
    backendName: 'webgpu',
    kernelFunc: (args) => {
      const x = args.inputs['x'] as tf.TensorInfo;
      const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number | number[] };
      const $axis = tf.util.parseAxisParam(axis, x.shape)[0]!;
      const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, numOrSizeSplits, $axis);
      const runner = args.backend as unknown as WebGpuRunner;
      // The parts and the input each take a storage buffer.
      const fits = x.dtype === 'float32' && sizes.length >= 2 && sizes.length <= storageInputs(runner) && sizes.every((s) => s > 0);
      if (!fits || !canRecordMultiOutput(args.backend)) {
        return original.kernelFunc(args);
      }
      const outer = x.shape.slice(0, $axis).reduce((p, d) => p * d, 1);
      const inner = x.shape.slice($axis + 1).reduce((p, d) => p * d, 1);
      const workgroups = Math.min(MAX_WORKGROUPS, Math.ceil(tf.util.sizeFromShape(x.shape) / THREADS));
      const shapes = sizes.map((s) => x.shape.map((d, i) => (i === $axis ? s : d)));
      const key = `tfjsNasSplitV_${outer}_${sizes.join('_')}_${inner}`;
      const batch = tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE');
      return runMultiOutput(args.backend, key, splitShader(outer, sizes, inner, workgroups), [x], shapes, workgroups, batch);
    },
  };
}
