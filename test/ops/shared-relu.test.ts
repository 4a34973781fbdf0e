import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DARTS_BENCH, type CellSkeleton } from '../../supernets/index.js';
import { spaceByName } from '../../cells/index.js';
import type { CellSpace } from '../../src/space/api.js';
import { sharedRelu, withSharedRelu } from '../../src/ops/index.js';
import { CellSupernet } from '../../src/supernet/index.js';

describe('sharedRelu', () => {
  it('computes one ReLU per input tensor within a scope, a fresh one outside, and keeps nothing after', () => {
    const x = tf.tensor4d([-1, 2, -3, 4], [1, 2, 2, 1]);
    const y = tf.tensor4d([5, -6, 7, -8], [1, 2, 2, 1]);
    const before = tf.memory().numTensors;
    const made = withSharedRelu(() => {
      const a = sharedRelu(x);
      expect(withSharedRelu(() => sharedRelu(x))).toBe(a);
      expect(sharedRelu(y)).not.toBe(a);
      expect([...a.dataSync()]).toEqual([0, 2, 0, 4]);
      return [a, sharedRelu(y)];
    });
    // Two ReLUs made, and the scope holds neither: disposing them frees all.
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose(made);
    expect(tf.memory().numTensors).toBe(before);
    const outside = [sharedRelu(x), sharedRelu(x)];
    expect(outside[0]).not.toBe(outside[1]);
    tf.dispose([...outside, x, y]);
  });

  it('gives the gradient of separate ReLUs: the consumers sum before the mask', () => {
    const x = tf.tensor4d([-1, 2, -3, 4, 0.5, -0.5], [1, 2, 3, 1]);
    const [a, b] = [tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]), tf.tensor4d([-2, 1, 0.5, 3, -1, 2], [1, 2, 3, 1])];
    const loss = (relu: (t: tf.Tensor4D) => tf.Tensor4D) => (t: tf.Tensor) =>
      tf.add(tf.sum(tf.mul(relu(t as tf.Tensor4D), a)), tf.sum(tf.mul(tf.square(relu(t as tf.Tensor4D)), b)));
    const shared = tf.grad((t) => withSharedRelu(() => loss(sharedRelu)(t)))(x);
    const separate = tf.grad(loss((t) => tf.relu(t)))(x);
    expect([...shared.dataSync()]).toEqual([...separate.dataSync()]);
    tf.dispose([x, a, b, shared, separate]);
  });

  it("a DARTS supernet computes one ReLU per state feeding conv ops, plus the separable convs' inner ones", async () => {
    const skeleton: CellSkeleton = { ...DARTS_BENCH, channels: 4, layers: 3 };
    const net = new CellSupernet(spaceByName('darts') as CellSpace, skeleton, { seed: 1 });
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const info = await tf.profile(() => tf.tidy(() => net.forward(x, { kind: 'relaxed' })));
    const relus = info.kernels.filter((k) => k.name === 'Relu').length;
    // Per cell: its 2 inputs and 3 intermediate nodes feed conv ops (5), 14 edges x 2 separable convs' inner ReLUs (28), and its
    // newer input's preprocessing, whose older one the previous cell's ReLU serves (the first cell's two inputs are both the stem).
    expect(relus).toBe(3 * (5 + 28 + 1));
    tf.dispose([x, info.result as tf.Tensor]);
    net.dispose();
  });
});
