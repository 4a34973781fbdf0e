import type * as tf from '@tensorflow/tfjs';
import { CHANNEL_MOMENTS } from '../channel-moments.js';
import { CHANNEL_SUMS } from '../channel-sums.js';
import type { WebGpuRunner } from './runner.js';

/** What each row element contributes: `a`, `a * b`, or `(a - centre[c])²`. */
type Term = 'sum' | 'dot' | 'centred';

const TERMS: Record<Term, { readonly inputs: string[]; readonly expr: string }> = {
  sum: { inputs: ['a'], expr: 'a[i]' },
  dot: { inputs: ['a', 'b'], expr: 'a[i] * b[i]' },
  centred: { inputs: ['a', 'centre'], expr: '(a[i] - centre[ch]) * (a[i] - centre[ch])' },
};

/**
 * A per-channel total over all rows (every axis but the last) in one
 * dispatch: a workgroup per channel, each thread summing a strided share of
 * the rows, then a tree in workgroup memory; `scale` multiplies the total
 * (1 / rows for a mean). tfjs's own reduction over N, H, W first transposes
 * the tensor so the reduced axes come last: two full passes, and a third
 * for the product of `a * b`.
 */
class ChannelReduceProgram {
  readonly variableNames: string[];
  readonly uniforms = 'rows : i32, channels : i32, scale : f32,';
  readonly workgroupSize: [number, number, number];
  readonly size = true;
  readonly shaderKey: string;
  readonly outputShape: number[];
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(
    private readonly term: Term,
    channels: number,
    rows: number,
  ) {
    this.variableNames = TERMS[term].inputs;
    this.workgroupSize = [rows >= 4096 ? 256 : 64, 1, 1];
    this.shaderKey = `tfjsNasChannelReduce_${term}_${this.workgroupSize[0]}`;
    this.outputShape = [channels];
    this.dispatchLayout = { x: [0] };
    this.dispatch = [channels, 1, 1];
  }

  getUserCode(): string {
    const w = this.workgroupSize[0];
    return `
      var<workgroup> partial : array<f32, ${w}>;
      fn main(index : i32) {
        let ch = index / ${w};
        var total = 0.0;
        for (var r = i32(localId.x); r < uniforms.rows; r = r + ${w}) {
          let i = r * uniforms.channels + ch;
          total = total + ${TERMS[this.term].expr};
        }
        partial[localId.x] = total;
        workgroupBarrier();
        for (var half = ${w / 2}u; half > 0u; half = half / 2u) {
          if (localId.x < half) {
            partial[localId.x] = partial[localId.x] + partial[localId.x + half];
          }
          workgroupBarrier();
        }
        if (localId.x == 0u && ch < uniforms.size) {
          setOutputAtIndex(ch, partial[0] * uniforms.scale);
        }
      }
    `;
  }
}

function reduceChannels(backend: WebGpuRunner, term: Term, inputs: tf.TensorInfo[], scaleByRows: boolean): tf.TensorInfo {
  const a = inputs[0] as tf.TensorInfo;
  const channels = a.shape[a.shape.length - 1] ?? 1;
  const rows = a.shape.reduce((p, d) => p * d, 1) / channels;
  const program = new ChannelReduceProgram(term, channels, rows);
  return backend.runWebGPUProgram(program, inputs, 'float32', [
    { type: 'int32', data: [rows] },
    { type: 'int32', data: [channels] },
    { type: 'float32', data: [scaleByRows ? 1 / rows : 1] },
  ]);
}

/** `CHANNEL_SUMS` on webgpu: `Σ a` and `Σ a·b` (or `Σ a²`) per channel, one dispatch each. */
export const webgpuChannelSumsConfig: tf.KernelConfig = {
  kernelName: CHANNEL_SUMS,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b?: tf.TensorInfo };
    const runner = backend as unknown as WebGpuRunner;
    return [reduceChannels(runner, 'sum', [a], false), reduceChannels(runner, 'dot', [a, b ?? a], false)];
  },
};

/**
 * `CHANNEL_MOMENTS` on webgpu: the mean, then the mean of squares around it
 * (two passes, as `tf.moments`), one dispatch each.
 */
export const webgpuChannelMomentsConfig: tf.KernelConfig = {
  kernelName: CHANNEL_MOMENTS,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const runner = backend as unknown as WebGpuRunner;
    const mean = reduceChannels(runner, 'sum', [x], true);
    return [mean, reduceChannels(runner, 'centred', [x, mean], true)];
  },
};
