import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SgdMomentum, WeightTrainer, clipGradNorm, cosineLr } from '../../src/train/index.js';

describe('WeightTrainer', () => {
  const start = [
    [1, -2, 3],
    [0.5, 0.25],
  ];
  const grads = () => [tf.tensor1d([30, 40, 0]), tf.tensor1d([0, 0])];

  it('is SGD momentum with decay behind clipping by global norm, at the cosine rate of the epoch', () => {
    const a = start.map((v) => tf.tidy(() => tf.variable(tf.tensor1d(v))));
    const b = start.map((v) => tf.tidy(() => tf.variable(tf.tensor1d(v))));
    const trainer = new WeightTrainer(a, { weightLr: 0.1, weightLrMin: 0.01, momentum: 0.9, weightDecay: 1e-2, gradClip: 5 });
    const sgd = new SgdMomentum(b, { momentum: 0.9, weightDecay: 1e-2 });
    for (let step = 0; step < 3; step++) {
      const lr = trainer.learningRate(step, 4);
      expect(lr).toBe(cosineLr(step, 4, 0.1, 0.01));
      const g = grads();
      trainer.apply(g, lr);
      const clipped = clipGradNorm(g, 5).grads;
      sgd.apply(clipped, lr);
      tf.dispose([...g, ...clipped]);
    }
    a.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(b[i]!.dataSync())));
    expect(trainer.slots().map(([n]) => n)).toEqual(sgd.slots().map(([n]) => n));
    trainer.dispose();
    sgd.dispose();
    tf.dispose([...a, ...b]);
  });

  it('does not clip with gradClip 0, and leaves a variable without a gradient alone', () => {
    const [w, untouched] = start.map((v) => tf.tidy(() => tf.variable(tf.tensor1d(v))));
    const trainer = new WeightTrainer([w!, untouched!], { weightLr: 1, momentum: 0, weightDecay: 0, gradClip: 0 });
    const g = tf.tensor1d([30, 40, 0]);
    trainer.apply([g, null], 0.5);
    expect(Array.from(w!.dataSync())).toEqual([1 - 15, -2 - 20, 3]);
    expect(Array.from(untouched!.dataSync())).toEqual([0.5, 0.25]);
    trainer.dispose();
    tf.dispose([g, w!, untouched!]);
  });
});
