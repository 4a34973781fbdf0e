import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FactorizedReduce, OPS, SeedStream, createOp } from '../../src/ops/index.js';

const spec = { cIn: 4, cOut: 4, affine: false, poolBn: true };

describe('ops registry', () => {
  // Every registered op builds, runs forward and backward at stride 1 and 2, and frees what it makes.
  it.each(Object.keys(OPS).flatMap((name) => [1, 2].map((stride) => [name, stride] as const)))('%s at stride %i', (name, stride) => {
    const op = createOp(name, { ...spec, stride }, new SeedStream(1));
    if (op === null) {
      expect(name).toBe('none');
      return;
    }
    const x = tf.randomNormal([2, 7, 8, 4]) as tf.Tensor4D;
    // Gradients with respect to the input and every parameter (pooling and identity have none).
    const grads = tf.tidy(() => {
      const params = op.parameters();
      const loss = (input: tf.Tensor) =>
        op
          .forward(input as tf.Tensor4D, true)
          .square()
          .mean() as tf.Scalar;
      const all = [tf.grad(loss)(x)];
      if (params.length > 0) all.push(...Object.values(tf.variableGrads(() => loss(x), params).grads));
      return all.map((g) => tf.logicalNot(tf.isFinite(g)).any().dataSync()[0]);
    });
    const y = tf.tidy(() => op.forward(x, false));
    expect(y.shape).toEqual([2, Math.ceil(7 / stride), Math.ceil(8 / stride), 4]);
    expect(grads.every((nan) => nan === 0)).toBe(true);
    tf.dispose([x, y]);
    op.dispose();
  });

  it('rejects an unknown op with the known names', () => {
    expect(() => createOp('conv_7x7', { ...spec, stride: 1 }, new SeedStream(1))).toThrow(/unknown op 'conv_7x7' \(known: none, /);
  });
});

describe('FactorizedReduce', () => {
  it('equals two stride-2 1x1 convs on the input and the input shifted by one pixel', () => {
    const fr = new FactorizedReduce(3, 4, false, new SeedStream(2));
    const x = tf.randomNormal([2, 6, 6, 3]) as tf.Tensor4D;
    const [a, b] = fr.namedParameters().map(([, v]) => v as tf.Tensor4D);
    const diff = tf.tidy(() => {
      const r = tf.relu(x);
      const shifted = tf
        .pad(r, [
          [0, 0],
          [0, 1],
          [0, 1],
          [0, 0],
        ])
        .slice([0, 1, 1, 0], [2, 6, 6, 3]);
      const reference = tf.concat([tf.conv2d(r, a!, 2, 'valid'), tf.conv2d(shifted, b!, 2, 'valid')], 3);
      const { mean, variance } = tf.moments(reference, [0, 1, 2]);
      const expected = tf.batchNorm(reference, mean, variance, undefined, undefined, 1e-5);
      return tf.abs(fr.forward(x, true).sub(expected)).max().dataSync()[0];
    });
    expect(diff).toBeLessThan(1e-5);
    x.dispose();
    fr.dispose();
  });
});
