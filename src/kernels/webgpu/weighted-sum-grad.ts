import * as tf from '@tensorflow/tfjs';
import { type WebGpuRunner, WORKGROUP, storageInputs } from './runner.js';
import { WEIGHTED_SUM, type WeightedSumAttrs, chunkTerms, weightedSumInputs } from './weighted-sum.js';
import { scaleByEntries } from './scale-by-entries.js';

/** The toolkit's kernel: `x * w.flat[at]`, a term's input gradient of {@link WEIGHTED_SUM} (webgpu). */
export const SCALE_BY_ENTRY = 'TfjsNasScaleByEntry';
/** The toolkit's kernel: the weights' gradient of {@link WEIGHTED_SUM}, `Σ dy·x_k` at entry `at_k` of a tensor shaped as `w` (webgpu). */
export const WEIGHT_DOTS = 'TfjsNasWeightDots';

/** `x * w[at]`, one thread per element; `at` a uniform, so one shader serves every term. */
class ScaleByEntryProgram {
  readonly variableNames = ['x', 'w'];
  readonly uniforms = 'at : i32,';
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly shaderKey = 'tfjsNasScaleByEntry';
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(readonly outputShape: number[]) {
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(tf.util.sizeFromShape(outputShape) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, x[index] * w[uniforms.at]);
        }
      }
    `;
  }
}

/**
 * A workgroup per entry of the weights: entries named in `at` get the dot
 * product of `dy` with their term (each thread a strided share, then a tree
 * in workgroup memory), plus `prev` (the chunks before); the others `prev`
 * or zero. The indices are baked into the shader, as in the forward.
 */
class WeightDotsProgram {
  readonly variableNames: string[];
  readonly uniforms = 'n : i32,';
  readonly workgroupSize: [number, number, number];
  readonly size = true;
  readonly shaderKey: string;
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];

  constructor(
    private readonly at: readonly number[],
    private readonly withPrev: boolean,
    elements: number,
    readonly outputShape: number[],
  ) {
    this.variableNames = ['dy', ...(withPrev ? ['prev'] : []), ...at.map((_, k) => `x${k}`)];
    this.workgroupSize = [elements >= 4096 ? 256 : 64, 1, 1];
    this.shaderKey = `tfjsNasWeightDots_${this.workgroupSize[0]}_${withPrev ? 'prev_' : ''}${at.join('_')}`;
    this.dispatch = [tf.util.sizeFromShape(outputShape), 1, 1];
  }

  getUserCode(): string {
    const w = this.workgroupSize[0];
    const loops = this.at
      .map(
        (a, k) => `
        if (e == ${a}) {
          for (var i = i32(localId.x); i < uniforms.n; i = i + ${w}) {
            total = total + dy[i] * x${k}[i];
          }
        }`,
      )
      .join('');
    return `
      var<workgroup> partial : array<f32, ${w}>;
      fn main(index : i32) {
        let e = index / ${w};
        var total = 0.0;${loops}
        partial[localId.x] = total;
        workgroupBarrier();
        for (var half = ${w / 2}u; half > 0u; half = half / 2u) {
          if (localId.x < half) {
            partial[localId.x] = partial[localId.x] + partial[localId.x + half];
          }
          workgroupBarrier();
        }
        if (localId.x == 0u && e < uniforms.size) {
          setOutputAtIndex(e, partial[0]${this.withPrev ? ' + prev[e]' : ''});
        }
      }
    `;
  }
}

/** `SCALE_BY_ENTRY` on webgpu: inputs `x`, `w`; attribute `at`. */
export const webgpuScaleByEntryConfig: tf.KernelConfig = {
  kernelName: SCALE_BY_ENTRY,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, w } = inputs as Record<'x' | 'w', tf.TensorInfo>;
    const { at } = attrs as unknown as { at: number };
    if (x.dtype !== 'float32' || w.dtype !== 'float32' || !Number.isInteger(at) || at < 0 || at >= tf.util.sizeFromShape(w.shape)) {
      throw new Error(`${SCALE_BY_ENTRY}: needs float32 x and w and an index into w, got ${x.dtype}, ${w.dtype}[${w.shape}], ${at}`);
    }
    const program = new ScaleByEntryProgram([...x.shape]);
    return (backend as unknown as WebGpuRunner).runWebGPUProgram(program, [x, w], 'float32', [{ type: 'int32', data: [at] }]);
  },
};

/** `WEIGHT_DOTS` on webgpu: inputs `dy`, the terms `x_k` and `w` (for its shape; not read), as an array; attribute `at`. */
export const webgpuWeightDotsConfig: tf.KernelConfig = {
  kernelName: WEIGHT_DOTS,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { at } = attrs as unknown as WeightedSumAttrs;
    const [dy, ...rest] = Object.values(inputs) as tf.TensorInfo[];
    const { xs, w } = weightedSumInputs(WEIGHT_DOTS, rest as unknown as tf.NamedTensorInfoMap, at);
    if (dy === undefined || dy.shape.join() !== xs[0]!.shape.join()) throw new Error(`${WEIGHT_DOTS}: needs dy shaped as the terms`);
    const runner = backend as unknown as WebGpuRunner;
    const elements = tf.util.sizeFromShape(dy.shape);
    let prev: tf.TensorInfo | null = null;
    for (const { start, end } of chunkTerms(xs.length, storageInputs(runner))) {
      const program = new WeightDotsProgram(at.slice(start, end), prev !== null, elements, [...w.shape]);
      const next: tf.TensorInfo = runner.runWebGPUProgram(program, [dy, ...(prev ? [prev] : []), ...xs.slice(start, end)], 'float32', [
        { type: 'int32', data: [elements] },
      ]);
      if (prev !== null) runner.disposeData(prev.dataId);
      prev = next;
    }
    return prev!;
  },
};

/**
 * The gradient of {@link WEIGHTED_SUM}: each term's `dy * w[at_k]` (one
 * dispatch per chunk of terms, `SCALE_BY_ENTRIES`; one per term where that
 * cannot record) and the weights' `Σ dy·x_k` scattered into `w`'s shape in
 * one dispatch per chunk of terms (needed only when `w` is, as in the
 * architecture step of DARTS).
 */
export const weightedSumGradConfig: tf.GradConfig = {
  kernelName: WEIGHTED_SUM,
  saveAllInputs: true,
  gradFunc: (dy, saved, attrs) => {
    const { at } = attrs as unknown as WeightedSumAttrs;
    const w = saved[saved.length - 1]!;
    const xs = saved.slice(0, -1);
    const grads: Record<string, () => tf.Tensor> = {};
    // Where one dispatch writes many terms' gradients (scale-by-entries.ts), all are made now: the backward pass asks for
    // each term on the path at once, and one it prunes (no trainable input behind it) is freed with the pass.
    const all = scaleByEntries(dy as tf.Tensor, w, at);
    xs.forEach((_, k) => {
      grads[String(k)] = all
        ? () => all[k]!
        : () => tf.engine().runKernel(SCALE_BY_ENTRY, { x: dy as tf.Tensor, w }, { at: at[k]! }) as tf.Tensor;
    });
    grads[String(xs.length)] = () =>
      tf
        .engine()
        .runKernel(
          WEIGHT_DOTS,
          [dy as tf.Tensor, ...xs, w] as unknown as tf.NamedTensorMap,
          { at } as unknown as tf.NamedAttrMap,
        ) as tf.Tensor;
    return grads;
  },
};
