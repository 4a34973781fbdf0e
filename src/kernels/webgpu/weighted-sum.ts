import * as tf from '@tensorflow/tfjs';
import { type WebGpuRunner, WORKGROUP, storageInputs } from './runner.js';

/** The toolkit's kernel: `Σ_k x_k * w[at_k]` for same-shape `x_k` and entries `at_k` of the flat weights `w` (webgpu). */
export const WEIGHTED_SUM = 'TfjsNasWeightedSum';

/** Attributes of {@link WEIGHTED_SUM}: per input `x_k`, the flat index of its weight in `w`. */
export interface WeightedSumAttrs {
  readonly at: readonly number[];
}

/**
 * One chunk of a weighted sum, one thread per element: `acc` (the sum of the
 * chunks before, absent in the first) plus `x_k * w[at_k]`. The indices are
 * baked into the shader (and its key): a supernet's nodes repeat the same
 * few index sets every step.
 */
class WeightedSumProgram {
  readonly variableNames: string[];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(
    private readonly at: readonly number[],
    private readonly withAcc: boolean,
    readonly outputShape: number[],
  ) {
    this.variableNames = ['w', ...(withAcc ? ['acc'] : []), ...at.map((_, k) => `x${k}`)];
    this.shaderKey = `tfjsNasWeightedSum_${withAcc ? 'acc_' : ''}${at.join('_')}`;
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(tf.util.sizeFromShape(outputShape) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    const terms = [...(this.withAcc ? ['acc[index]'] : []), ...this.at.map((a, k) => `x${k}[index] * w[${a}]`)];
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, ${terms.join(' + ')});
        }
      }
    `;
  }
}

/** Split the inputs of `count` terms into chunks one shader can bind (`w`, and from the second on the partial sum, take a binding each). */
export function chunkTerms(count: number, bindable: number): { start: number; end: number }[] {
  if (bindable < 3) throw new Error(`${WEIGHTED_SUM}: a shader must bind at least 3 inputs, the device allows ${bindable}`);
  const chunks: { start: number; end: number }[] = [];
  for (let start = 0; start < count; ) {
    const end = Math.min(count, start + bindable - (chunks.length === 0 ? 1 : 2));
    chunks.push({ start, end });
    start = end;
  }
  return chunks;
}

/** The terms' tensors and weights of a {@link WEIGHTED_SUM} call, checked. */
export function weightedSumInputs(
  kernel: string,
  inputs: tf.NamedTensorInfoMap,
  at: readonly number[],
): { xs: tf.TensorInfo[]; w: tf.TensorInfo } {
  const all = Object.values(inputs) as tf.TensorInfo[];
  const w = all[all.length - 1];
  const xs = all.slice(0, -1);
  const shape = xs[0]?.shape.join();
  if (w === undefined || xs.length === 0 || xs.length !== at.length || [...xs, w].some((t) => t.dtype !== 'float32')) {
    throw new Error(
      `${kernel}: needs float32 terms, one index each, and the weights last; got ${all.length} inputs for ${at.length} indices`,
    );
  }
  const size = tf.util.sizeFromShape(w.shape);
  if (xs.some((x) => x.shape.join() !== shape) || at.some((a) => !Number.isInteger(a) || a < 0 || a >= size)) {
    throw new Error(
      `${kernel}: needs terms of one shape and indices into the ${size} weights, got [${at}] for ${xs.map((x) => `[${x.shape}]`)}`,
    );
  }
  return { xs, w };
}

/**
 * A mixed op's output `Σ_k o_k(x) * softmax(α)[k]` (DARTS, Liu et al. 2019),
 * or a node's sum over all its incoming edges' mixed ops, in one dispatch
 * (more where the terms outnumber the storage buffers a shader may bind, each
 * chunk adding to the sum before it). As tfjs ops it is a full-size multiply
 * per term, an `AddN` of the products (chunked the same way), and before
 * them one slice per weight to unstack the softmax into scalars: a DARTS
 * node adds up to 35 terms, so a C=4, 2-cell supernet's forward pass spent
 * ~450 dispatches on this (docs/performance.md).
 */
export const webgpuWeightedSumConfig: tf.KernelConfig = {
  kernelName: WEIGHTED_SUM,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { at } = attrs as unknown as WeightedSumAttrs;
    const { xs, w } = weightedSumInputs(WEIGHTED_SUM, inputs, at);
    const runner = backend as unknown as WebGpuRunner;
    let acc: tf.TensorInfo | null = null;
    for (const { start, end } of chunkTerms(xs.length, storageInputs(runner))) {
      const program = new WeightedSumProgram(at.slice(start, end), acc !== null, [...xs[0]!.shape]);
      const next: tf.TensorInfo = runner.runWebGPUProgram(program, [w, ...(acc ? [acc] : []), ...xs.slice(start, end)], 'float32');
      if (acc !== null) runner.disposeData(acc.dataId);
      acc = next;
    }
    return acc!;
  },
};

/** Whether the active backend has {@link WEIGHTED_SUM} (webgpu, once the toolkit's kernels are registered). */
export function fusedWeightedSumAvailable(): boolean {
  return tf.getKernel(WEIGHTED_SUM, tf.getBackend()) !== undefined;
}

/**
 * `Σ_k xs[k] * w.flat[at[k]]` with {@link WEIGHTED_SUM} (differentiable in
 * every `xs[k]` and in `w`), or null where the active backend lacks the
 * kernel: the caller keeps its tfjs ops there (and their exact arithmetic).
 */
export function fusedWeightedSum(xs: readonly tf.Tensor4D[], w: tf.Tensor, at: readonly number[]): tf.Tensor4D | null {
  if (!fusedWeightedSumAvailable() || xs.length === 0) return null;
  const attrs: WeightedSumAttrs = { at };
  return tf
    .engine()
    .runKernel(WEIGHTED_SUM, [...xs, w] as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}
