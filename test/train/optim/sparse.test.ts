import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Adam, SgdMomentum, clipGradNorm } from '../../../src/train/optim/index.js';

const read = (v: tf.Tensor) => Array.from(v.dataSync());

describe('updates with missing gradients (ops a sampled path did not run)', () => {
  it('SgdMomentum leaves a variable without a gradient untouched and starts its buffer at its first gradient', () => {
    const [a, b] = tf.tidy(() => [tf.variable(tf.tensor1d([1, 2])), tf.variable(tf.tensor1d([3, 4]))]);
    const sgd = new SgdMomentum([a, b], { momentum: 0.9, weightDecay: 0.1 });
    const g = tf.tensor1d([1, 1]);
    sgd.apply([g, null], 0.5);
    expect(read(b)).toEqual([3, 4]);
    expect(read(sgd.slots().find(([n]) => n === 'momentum.1')![1])).toEqual([0, 0]);
    // b's first gradient: PyTorch's buffer = d = g + wd * w, whatever a's history.
    sgd.apply([null, g], 0.5);
    const d = [1 + 0.1 * 3, 1 + 0.1 * 4];
    read(b).forEach((v, i) => expect(v).toBeCloseTo([3, 4][i]! - 0.5 * d[i]!, 6));
    // a was skipped: neither decayed nor moved by momentum.
    read(a).forEach((v, i) => expect(v).toBeCloseTo([1, 2][i]! - 0.5 * (1 + 0.1 * [1, 2][i]!), 6));
    expect((sgd.state() as { started: number[] }).started).toEqual([0, 1]);
    sgd.dispose();
    tf.dispose([a, b, g]);
  });

  it('Adam skips a variable without a gradient', () => {
    const [a, b] = tf.tidy(() => [tf.variable(tf.tensor1d([1])), tf.variable(tf.tensor1d([2]))]);
    const adam = new Adam([a, b]);
    const g = tf.tensor1d([1]);
    adam.apply([g, null], 0.1);
    expect(read(b)).toEqual([2]);
    expect(read(a)[0]).toBeCloseTo(0.9, 5);
    adam.dispose();
    tf.dispose([a, b, g]);
  });
});

describe('clipGradNorm with missing gradients', () => {
  it('keeps nulls in place and leaves them out of the norm', () => {
    const [a, b] = [tf.tensor1d([3, 0]), tf.tensor1d([0, 4])];
    const { grads, norm } = clipGradNorm([a, null, b], 1);
    expect(norm).toBeCloseTo(5, 5);
    expect(grads[1]).toBeNull();
    expect(read(grads[0]!)[0]).toBeCloseTo(0.6, 5);
    expect(read(grads[2]!)[1]).toBeCloseTo(0.8, 5);
    tf.dispose([a, b, grads[0]!, grads[2]!]);
  });
});
