import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { DARTS_BENCH } from '../../../supernets/index.js';
import { createRng } from '../../../src/random/index.js';
import { Gdas, drawGumbel, gumbelSample } from '../../../src/search/index.js';
import type { CellSpace } from '../../../src/space/api.js';
import { createSupernet } from '../../../src/supernet/index.js';

const darts = spaceByName('darts') as CellSpace;

describe('GDAS hard Gumbel-softmax', () => {
  const net = createSupernet(darts, { ...DARTS_BENCH, channels: 2, layers: 2 }, { seed: 3 });

  it('is one-hot forward, masks the sampled op, and passes non-zero gradients to alpha', async () => {
    const [oneHot, forGrad] = [await drawGumbel(net, createRng('one-hot')), await drawGumbel(net, createRng('grad'))];
    tf.tidy(() => {
      const sample = gumbelSample(net, 1, oneHot);
      for (const group of net.decisions()) {
        const w = sample.weights[group.name]!.arraySync();
        w.forEach((row, r) => {
          expect(row.filter((v) => v !== 0)).toEqual([1]);
          expect(sample.masks[group.name]![r]!.indexOf(true)).toBe(row.indexOf(1));
        });
      }
      const alphas = net.archVariables();
      const { grads } = tf.variableGrads(() => {
        const s = gumbelSample(net, 1, forGrad);
        return tf.addN(
          net.decisions().map((g, i) => tf.sum(tf.mul(s.weights[g.name]!, tf.range(0, g.options.length).reshape([1, -1]).add(i)))),
        ) as tf.Scalar;
      }, alphas);
      for (const g of Object.values(grads)) expect(tf.max(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    });
  });

  it('samples each option with probability softmax(alpha) (the Gumbel-max trick)', async () => {
    const target = [0.5, 0.2, 0.1, 0.1, 0.05, 0.03, 0.01, 0.01];
    const alpha = net.alpha('normal');
    const saved = alpha.clone();
    const logits = tf.tidy(() => tf.log(tf.tensor2d(Array.from({ length: 14 }, () => target))));
    alpha.assign(logits);
    logits.dispose();
    const counts = target.map(() => 0);
    const draws = 300;
    const rng = createRng('frequencies');
    for (let d = 0; d < draws; d++) {
      const draw = await drawGumbel(net, rng);
      tf.tidy(() => {
        const masks = gumbelSample(net, 1, draw).masks['normal']!;
        for (const row of masks) counts[row.indexOf(true)]!++;
      });
    }
    const n = draws * 14;
    target.forEach((p, k) => expect(Math.abs(counts[k]! / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 1e-3));
    alpha.assign(saved);
    saved.dispose();
  });

  it("a step moves the architecture parameters and only the sampled ops' weights", async () => {
    const gdas = new Gdas();
    gdas.setup(net, { epochs: 2, stepsPerEpoch: 1, seed: 'step' });
    gdas.beginEpoch(0);
    expect(gdas.temperature).toBe(10);
    const alphaBefore = net.archVariables().map((v) => Array.from(v.dataSync()));
    const weightsBefore = net.weightVariables().map((v) => Array.from(v.dataSync()));
    const batch = (seed: number) =>
      tf.tidy(() => ({
        x: tf.randomNormal([8, 12, 12, 1], 0, 1, 'float32', seed) as tf.Tensor4D,
        y: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'),
      }));
    const [train, val] = [batch(1), batch(2)];
    await gdas.step(train, val);
    const alphaMoved = net.archVariables().some((v, i) => Array.from(v.dataSync()).some((x, j) => x !== alphaBefore[i]![j]));
    expect(alphaMoved).toBe(true);
    const moved = net.weightVariables().filter((v, i) => Array.from(v.dataSync()).some((x, j) => x !== weightsBefore[i]![j])).length;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(net.weightVariables().length / 2);
    gdas.beginEpoch(1);
    expect(gdas.temperature).toBeCloseTo(0.1, 10);
    tf.dispose([train.x, train.y, val.x, val.y]);
    gdas.dispose();
  });
});
