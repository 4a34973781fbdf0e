import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { fisher, layerFisher, withLayerFisher, ZeroCostEstimator } from '../../../src/estimators/zero-cost/index.js';
import { parseGenotype } from '../../../src/space/index.js';
import type { CellArchitecture, CellSpace } from '../../../src/space/api.js';
import { FixedNetwork } from '../../../src/supernet/index.js';

const space = spaceByName('nb201') as CellSpace;
const small = { kind: 'nb201', channels: 4, cellsPerStage: 1, inputChannels: 3, classes: 10 } as const;
const input = { image: [8, 8, 3], classes: 10 } as const;

/** Seeded values in [-1, 1). */
function values(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}

describe('fisher', () => {
  it('of one layer is 1/(2N) sum_n sum_k (sum over positions of a * g)^2, worked out in plain JS', () => {
    const [n, h, w, c] = [3, 2, 2, 4];
    const a = values(n * h * w * c, 1);
    const g = values(n * h * w * c, 2);
    let expected = 0;
    for (let i = 0; i < n; i++)
      for (let k = 0; k < c; k++) {
        let s = 0;
        for (let p = 0; p < h * w; p++) s += a[(i * h * w + p) * c + k]! * g[(i * h * w + p) * c + k]!;
        expected += (s * s) / (2 * n);
      }
    const got = tf.tidy(() => layerFisher(tf.tensor4d(a, [n, h, w, c]), tf.tensor4d(g, [n, h, w, c])).dataSync()[0]!);
    expect(got).toBeCloseTo(expected, 5);
    // A linear layer's output has no positions: (a * g)^2 per unit.
    const flat = tf.tidy(() => layerFisher(tf.tensor2d(a.slice(0, 8), [2, 4]), tf.tensor2d(g.slice(0, 8), [2, 4])).dataSync()[0]!);
    const direct = a.slice(0, 8).reduce((sum, x, i) => sum + (x * g[i]!) ** 2, 0) / 4;
    expect(flat).toBeCloseTo(direct, 5);
  });

  it('takes each conv and linear output with the gradient that reaches it, and puts the gradients back', () => {
    const before = [tf.getGradient(tf.Conv2D), tf.getGradient(tf.BatchMatMul)];
    const x = tf.tensor4d(values(2 * 5 * 5 * 3, 3), [2, 5, 5, 3]);
    const filter = tf.tidy(() => tf.variable(tf.tensor4d(values(3 * 3 * 3 * 4, 4), [3, 3, 3, 4])));
    const dense = tf.tidy(() => tf.variable(tf.tensor2d(values(4 * 2, 5), [4, 2])));
    const r = tf.tensor4d(values(2 * 3 * 3 * 4, 6), [2, 3, 3, 4]);
    // loss = sum(conv * r) + sum(matMul(mean(conv), dense)): the conv's output gradient is r + the dense path's.
    const loss = () => {
      const conv = tf.conv2d(x, filter, 2, 'same');
      const pooled = tf.mean(conv, [1, 2]) as tf.Tensor2D;
      return tf.add(tf.sum(tf.mul(conv, r)), tf.sum(tf.matMul(pooled, dense))) as tf.Scalar;
    };
    const { fisher: got } = withLayerFisher(() => tf.tidy(() => void tf.variableGrads(loss, [filter, dense])));
    const expected = tf.tidy(() => {
      const conv = tf.conv2d(x, filter, 2, 'same');
      const convGrad = tf.grad((c: tf.Tensor) => tf.add(tf.sum(tf.mul(c, r)), tf.sum(tf.matMul(tf.mean(c, [1, 2]) as tf.Tensor2D, dense))))(
        conv,
      );
      const pooled = tf.mean(conv, [1, 2]) as tf.Tensor2D;
      const denseOut = tf.matMul(pooled, dense);
      return tf.add(layerFisher(conv, convGrad), layerFisher(denseOut, tf.onesLike(denseOut))).dataSync()[0]!;
    });
    tf.dispose([x, filter, dense, r]);
    expect(got).toBeGreaterThan(0);
    expect(Math.abs(got / expected - 1)).toBeLessThan(1e-4);
    expect([tf.getGradient(tf.Conv2D), tf.getGradient(tf.BatchMatMul)]).toEqual(before);
  });

  it('puts the gradients back when the pass throws', () => {
    const before = tf.getGradient(tf.Conv2D);
    expect(() =>
      withLayerFisher(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(tf.getGradient(tf.Conv2D)).toBe(before);
  });

  it('scores an NB201 network through the estimator, the same on a second query (cached by computation)', async () => {
    const batch = tf.tidy(() => ({
      x: tf.randomNormal([8, 8, 8, 3], 0, 1, 'float32', 7) as tf.Tensor4D,
      labels: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'),
    }));
    const estimator = new ZeroCostEstimator(space, 'fisher', { input, batch, channels: 4, layers: 1, seed: '3' });
    const arch = parseGenotype(space, '|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|');
    const first = await estimator.estimate(arch);
    const again = await estimator.estimate(arch);
    estimator.dispose?.();
    tf.dispose(batch);
    expect(Number.isFinite(first.score)).toBe(true);
    expect(first.score).toBeGreaterThan(0);
    expect(again.score).toBe(first.score);
  });

  it('is larger for a network whose convs see the loss than for one whose cells are all none', () => {
    const batch = tf.tidy(() => ({
      x: tf.randomNormal([8, 8, 8, 3], 0, 1, 'float32', 7) as tf.Tensor4D,
      labels: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'),
    }));
    const score = (arch: string) => {
      const net = new FixedNetwork(space, small, parseGenotype(space, arch) as CellArchitecture, { seed: 3 });
      try {
        return fisher.score({ net, input, batch });
      } finally {
        net.dispose();
      }
    };
    const convs = score('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    const none = score('|none~0|+|none~0|none~1|+|none~0|none~1|none~2|');
    tf.dispose(batch);
    expect(convs).toBeGreaterThan(none);
  });
});
