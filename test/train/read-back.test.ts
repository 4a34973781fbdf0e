import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { readScalars, readTogether } from '../../src/train/read-back.js';

describe('reading several tensors back with one download', () => {
  it('returns each tensor flattened, int32 as numbers, and frees the inputs only when asked', async () => {
    const [m, i, s] = [tf.tensor2d([1.5, 2, 3, 4], [2, 2]), tf.tensor1d([7, -2], 'int32'), tf.scalar(0.25)];
    const start = tf.memory().numTensors;
    expect(await readTogether([m, i, s])).toEqual([[1.5, 2, 3, 4], [7, -2], [0.25]]);
    expect(tf.memory().numTensors).toBe(start);
    expect(await readTogether([s, m], { dispose: true })).toEqual([[0.25], [1.5, 2, 3, 4]]);
    expect(tf.memory().numTensors).toBe(start - 2);
    expect(m.isDisposed && s.isDisposed && !i.isDisposed).toBe(true);
    i.dispose();
    expect(await readTogether([])).toEqual([]);
  });

  it('reads scalars as numbers (NaN for an empty tensor) and frees them', async () => {
    const start = tf.memory().numTensors;
    const values = await readScalars([tf.scalar(2), tf.tensor1d([], 'float32'), tf.scalar(Number.NaN)]);
    expect(values[0]).toBe(2);
    expect(Number.isNaN(values[1]) && Number.isNaN(values[2])).toBe(true);
    expect(tf.memory().numTensors).toBe(start);
  });
});
