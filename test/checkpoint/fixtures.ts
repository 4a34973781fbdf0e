import * as tf from '@tensorflow/tfjs';
import type { CheckpointTensor } from '../../src/checkpoint/index.js';

/** The raw bytes of a typed array, to compare values bit for bit (NaN payloads, -0). */
export function bitsOf(values: Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Float32 values that a lossy path would change: NaN with a payload, -0, infinities, a subnormal, extremes. */
export const SPECIAL_FLOATS = (() => {
  const values = Float32Array.of(0, -0, Infinity, -Infinity, 1e-45, 3.4028234663852886e38, -1.5, 0.1);
  new Uint32Array(values.buffer)[7] = 0x7fc01234; // a quiet NaN with a payload
  return values;
})();

/** Seeded pseudo-random float32 values, so failures reproduce. */
export function floats(count: number, seed: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => (Math.sin(seed * 1000 + i * 12.9898) * 43758.5453) % 1);
}

/** Checkpoint tensors of several shapes and both dtypes, including a scalar and empty tensors. */
export function sampleTensors(): Map<string, CheckpointTensor> {
  return new Map<string, CheckpointTensor>([
    ['cells.0.edges.1.sep_conv_3x3.0.dw.weight', { shape: [3, 3, 4, 1], dtype: 'float32', values: floats(36, 1) }],
    ['special', { shape: [2, 4], dtype: 'float32', values: SPECIAL_FLOATS }],
    ['alpha.normal', { shape: [14, 8], dtype: 'float32', values: floats(112, 2) }],
    ['lr', { shape: [], dtype: 'float32', values: Float32Array.of(0.025) }],
    ['empty', { shape: [0], dtype: 'float32', values: new Float32Array(0) }],
    ['empty.3d', { shape: [2, 0, 3], dtype: 'float32', values: new Float32Array(0) }],
    ['iterations', { shape: [], dtype: 'int32', values: Int32Array.of(1200) }],
    ['int.extremes', { shape: [5], dtype: 'int32', values: Int32Array.of(-2147483648, -1, 0, 1, 2147483647) }],
    ['int.empty', { shape: [0, 2], dtype: 'int32', values: new Int32Array(0) }],
  ]);
}

/** The sample tensors as tfjs tensors, which the caller disposes. */
export function sampleTfTensors(): [string, tf.Tensor][] {
  return [...sampleTensors()].map(([name, t]) => [name, tf.tensor(t.values, t.shape, t.dtype)]);
}

/** Nested JSON meta of the kind a run saves. */
export const SAMPLE_META = {
  epoch: 3,
  step: 1200,
  rng: { seed: 'run-7', state: [0.25, 1, 42] },
  iterator: { seed: 0, epoch: 3, position: 64, step: 1200, batchSize: 32 },
  config: { space: 'darts', lr: 0.025, tags: ['ünï', 'cødé', null, true], nested: { deeper: { x: -1.5e-7 } } },
};
