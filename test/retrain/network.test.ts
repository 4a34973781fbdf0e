import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { DARTS_SEARCH } from '../../supernets/index.js';
import type { CellArchitecture, CellSpace } from '../../src/space/api.js';
import { DropPath, FixedNetwork } from '../../src/supernet/index.js';
import { gradsOf } from '../../src/train/grads.js';

const darts = spaceByName('darts') as CellSpace;
const v2 = namedGenotype('DARTS_V2') as CellArchitecture;

describe('retraining network: auxiliary head and drop-path', () => {
  it("DARTS_V2 at C=36, 20 cells keeps the paper's 3,349,342 weights besides its auxiliary head", () => {
    const net = new FixedNetwork(darts, { ...DARTS_SEARCH, channels: 36, layers: 20 }, v2, { auxiliary: true, inputSize: 32 });
    expect(net.mainParameterCount()).toBe(3_349_342);
    // DARTS's AuxiliaryHeadCIFAR at C=36: 576*128 + 2*128 + 2*2*128*768 + 2*768 + 768*10 + 10 weights.
    expect(net.network.parameterCount() - net.mainParameterCount()).toBe(576 * 128 + 256 + 4 * 128 * 768 + 1536 + 7690);
    net.dispose();
  });

  it('gives auxiliary logits only while training, and the auxiliary loss reaches the head', () => {
    const net = new FixedNetwork(darts, { ...DARTS_SEARCH, channels: 4, layers: 3, inputChannels: 1 }, v2, {
      auxiliary: true,
      inputSize: 28,
    });
    tf.tidy(() => {
      const x = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
      const train = net.forwardWithAux(x, true);
      expect(train.aux?.shape).toEqual([4, 10]);
      expect(net.forwardWithAux(x, false).aux).toBeNull();
      const head = net.network
        .namedParameters()
        .filter(([n]) => n.startsWith('auxiliary.'))
        .map(([, v]) => v);
      const { grads } = gradsOf(() => tf.sum(tf.square(net.forwardWithAux(x, true).aux!)) as tf.Scalar, head);
      for (const g of grads) expect(tf.max(tf.abs(g!)).dataSync()[0]).toBeGreaterThan(0);
    });
    net.dispose();
  });

  it('drop-path masks keep 1 - p of the samples, scaled by 1 / (1 - p)', () => {
    const dp = new DropPath();
    dp.set(0.3, 'seed');
    const values = tf.tidy(() => Array.from(dp.mask(20000).dataSync()));
    const kept = values.filter((v) => v > 0);
    // Binomial(20000, 0.7): sd of the kept share ~0.0032; 5 sd.
    expect(Math.abs(kept.length / values.length - 0.7)).toBeLessThan(0.016);
    for (const v of kept) expect(v).toBeCloseTo(1 / 0.7, 6);
    expect(() => dp.set(1, 's')).toThrow(/\[0, 1\)/);
  });

  it('drop-path changes training outputs only, never identities, and is off at p = 0', () => {
    const dp = new DropPath();
    const net = new FixedNetwork(darts, { ...DARTS_SEARCH, channels: 4, layers: 2, inputChannels: 1 }, v2, { dropPath: dp, seed: 1 });
    tf.tidy(() => {
      const x = tf.randomNormal([8, 12, 12, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
      const run = (p: number, training: boolean) => {
        dp.set(p, 'masks');
        return net.forward(x, training);
      };
      const diff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
      expect(diff(run(0, false), run(0.5, false))).toBe(0);
      expect(diff(run(0, true), run(0.5, true))).toBeGreaterThan(1e-3);
      // The same seed draws the same masks.
      expect(diff(run(0.5, true), run(0.5, true))).toBe(0);
    });
    net.dispose();
  });
});
