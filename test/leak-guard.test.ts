import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { leakMessage } from './setup/leaks.js';

describe('leak guard', () => {
  it('accepts an unchanged tensor count', () => {
    expect(leakMessage(4, 4)).toBeNull();
  });

  it('reports a leaked tensor with the counts', () => {
    const before = tf.memory().numTensors;
    const leaked = tf.zeros([2]);
    const message = leakMessage(before, tf.memory().numTensors);
    leaked.dispose();
    expect(message).toMatch(/leaked 1 tensor/);
  });

  it('reports tensors freed that the test did not make', () => {
    expect(leakMessage(5, 3)).toMatch(/disposed 2 tensor/);
  });
});
