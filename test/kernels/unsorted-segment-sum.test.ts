import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { unsortedSegmentSum } from '../../src/kernels/index.js';

describe('unsortedSegmentSum on wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('sums rows by segment and drops out-of-range ids', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    const ids = tf.tensor1d([2, 0, 2, -1], 'int32');
    const out = unsortedSegmentSum(x, ids, 3);
    expect(out.shape).toEqual([3, 2]);
    expect(Array.from(out.dataSync())).toEqual([3, 4, 0, 0, 6, 8]);
    tf.dispose([x, ids, out]);
  });

  it('keeps integer dtypes and runs as the registered kernel', () => {
    const x = tf.tensor1d([5, 7, 11], 'int32');
    const ids = tf.tensor1d([1, 1, 0], 'int32');
    const out = tf.unsortedSegmentSum(x, ids, 2);
    expect(out.dtype).toBe('int32');
    expect(Array.from(out.dataSync())).toEqual([11, 12]);
    tf.dispose([x, ids, out]);
  });
});
