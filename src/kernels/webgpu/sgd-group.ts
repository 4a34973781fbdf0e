import * as tf from '@tensorflow/tfjs';
import { canRecordMultiOutput, runMultiOutput } from './multi-output.js';
import type { WebGpuRunner } from './runner.js';

/** The toolkit's kernel: SGD-momentum steps of several weight tensors, buffers and weights, in one dispatch (webgpu). */
export const SGD_MOMENTUM_GROUP = 'TfjsNasSgdMomentumGroup';

const THREADS = 64;
/** WebGPU's guaranteed workgroups per dimension; larger tensors are covered by a grid-stride loop. */
const MAX_WORKGROUPS = 65535;
/** Storage buffers per tensor: gradient, weight, buffer in; buffer and weight out. */
const PER_TENSOR = 5;
/** Sizes travel in `params` as float32, exact below 2^24. */
export const SGD_GROUP_MAX_SIZE = 2 ** 24;

/**
 * The WGSL for `k` tensors. Bindings: the outputs (buffer then weight, per
 * tensor), then `scale` (one element), `params` (`lr`, `decay`, then per
 * tensor `keep`, `gain` and its size), then per tensor `g`, `w`, `buf`.
 * Each thread steps element `i` of every tensor that has one: PyTorch's
 * `buf = keep * buf + gain * (g * scale + decay * w)`, `w = w - lr * buf`,
 * in the order of the one-tensor kernels (sgd-momentum.ts).
 */
function groupShader(k: number, workgroups: number): string {
  const bindings: string[] = [];
  const steps: string[] = [];
  for (let t = 0; t < k; t++) {
    bindings.push(`@group(0) @binding(${2 * t}) var<storage, read_write> bufOut${t} : array<f32>;`);
    bindings.push(`@group(0) @binding(${2 * t + 1}) var<storage, read_write> wOut${t} : array<f32>;`);
    const at = 2 * k + 2 + 3 * t;
    bindings.push(`@group(0) @binding(${at}) var<storage, read> g${t} : array<f32>;`);
    bindings.push(`@group(0) @binding(${at + 1}) var<storage, read> w${t} : array<f32>;`);
    bindings.push(`@group(0) @binding(${at + 2}) var<storage, read> buf${t} : array<f32>;`);
    const p = 2 + 3 * t;
    steps.push(`
        if (i < i32(params[${p + 2}])) {
          let b = params[${p}] * buf${t}[i] + params[${p + 1}] * (g${t}[i] * scale[0] + params[1] * w${t}[i]);
          bufOut${t}[i] = b;
          wOut${t}[i] = w${t}[i] - params[0] * b;
        }`);
  }
  return `
    ${bindings.join('\n    ')}
    @group(0) @binding(${2 * k}) var<storage, read> scale : array<f32>;
    @group(0) @binding(${2 * k + 1}) var<storage, read> params : array<f32>;
    @compute @workgroup_size(${THREADS})
    fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
      for (var i = i32(gid.x); i < i32(params[4]); i = i + ${workgroups * THREADS}) {${steps.join('')}
      }
    }
  `;
}

/**
 * `SGD_MOMENTUM_GROUP` on webgpu. Inputs `scale`, `params` and `g0`, `w0`,
 * `buf0`, `g1`, ...; outputs the next buffer and weight of each tensor.
 * Built for a group whose first tensor is its largest (the loop bound);
 * `fusedSgdGroups` sorts them so.
 */
export const webgpuSgdMomentumGroupConfig: tf.KernelConfig = {
  kernelName: SGD_MOMENTUM_GROUP,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { scale, params } = inputs as Record<'scale' | 'params', tf.TensorInfo>;
    const k = (Object.keys(inputs).length - 2) / 3;
    const tensors = Array.from({ length: k }, (_, t) => ['g', 'w', 'buf'].map((n) => inputs[`${n}${t}`] as tf.TensorInfo));
    const sizes = tensors.map(([g]) => tf.util.sizeFromShape(g!.shape));
    const bad = tensors.some((ts) => ts.some((x) => x === undefined || x.dtype !== 'float32' || x.shape.join() !== ts[0]!.shape.join()));
    if (
      !Number.isInteger(k) ||
      k < 1 ||
      bad ||
      sizes.some((s) => s > sizes[0]!) ||
      sizes[0]! > SGD_GROUP_MAX_SIZE ||
      tf.util.sizeFromShape(params.shape) !== 2 + 3 * k
    ) {
      throw new Error(
        `${SGD_MOMENTUM_GROUP}: needs float32 g, w, buf of one shape per tensor (the largest first, under 2^24 elements) and 2 + 3k params`,
      );
    }
    const workgroups = Math.min(MAX_WORKGROUPS, Math.ceil(sizes[0]! / THREADS));
    const batch = tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE');
    const shapes = tensors.flatMap(([g]) => [[...g!.shape], [...g!.shape]]);
    return runMultiOutput(
      backend,
      `tfjsNasSgdGroup_${k}_${workgroups}`,
      groupShader(k, workgroups),
      [scale, params, ...tensors.flat()],
      shapes,
      workgroups,
      batch,
    );
  },
};

/** One tensor's step: its weight, gradient and momentum buffer, and whether this is its first step (PyTorch starts the buffer at the gradient). */
export interface SgdItem {
  readonly w: tf.Variable;
  readonly g: tf.Tensor;
  readonly buf: tf.Variable;
  readonly first: boolean;
}

/** How many tensors one dispatch steps on the active backend: its storage buffers less `scale` and `params`, five per tensor; 0 where the kernel cannot run now. */
export function sgdGroupSize(): number {
  const backend = tf.getBackend();
  if (tf.getKernel(SGD_MOMENTUM_GROUP, backend) === undefined || !canRecordMultiOutput(tf.backend())) return 0;
  const bound = (tf.backend() as unknown as WebGpuRunner).device.limits.maxStorageBuffersPerShaderStage;
  return Math.floor((bound - 2) / PER_TENSOR);
}

/**
 * SGD-momentum steps of all `items` on gradients times `scale` (one element
 * on the device: the clipping coefficient), `sgdGroupSize()` tensors per
 * dispatch: assigns each buffer and weight. The one-tensor kernels take two
 * dispatches per tensor, and a DARTS supernet has hundreds of tensors, most
 * under 1,000 weights: 750 of the tiny DARTS step's dispatches. Tensors
 * are grouped largest first, so each dispatch's thread count is its first
 * tensor's size.
 */
export function fusedSgdGroups(
  items: readonly SgdItem[],
  scale: tf.Tensor,
  options: { readonly momentum: number; readonly dampening: number; readonly weightDecay: number; readonly lr: number },
): void {
  const k = sgdGroupSize();
  if (k < 1) throw new Error(`${SGD_MOMENTUM_GROUP}: not available on backend '${tf.getBackend()}' now`);
  const sorted = [...items].sort((a, b) => b.g.size - a.g.size);
  for (let start = 0; start < sorted.length; start += k) {
    const group = sorted.slice(start, start + k);
    tf.tidy(() => {
      const params = tf.tensor1d([
        options.lr,
        options.weightDecay,
        ...group.flatMap((it) => [it.first ? 0 : options.momentum, it.first ? 1 : 1 - options.dampening, it.g.size]),
      ]);
      const inputs: Record<string, tf.Tensor> = { scale, params };
      group.forEach((it, t) => Object.assign(inputs, { [`g${t}`]: it.g, [`w${t}`]: it.w, [`buf${t}`]: it.buf }));
      const out = tf.engine().runKernel(SGD_MOMENTUM_GROUP, inputs as tf.NamedTensorMap, {}) as unknown as tf.Tensor[];
      group.forEach((it, t) => {
        it.buf.assign(out[2 * t]!);
        it.w.assign(out[2 * t + 1]!);
      });
    });
  }
}
