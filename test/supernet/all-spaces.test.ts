import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { DARTS_BENCH, type Skeleton } from '../../supernets/index.js';
import { sampleGenotype } from '../../src/space/index.js';
import { createRng } from '../../src/random/index.js';
import { createSupernet } from '../../src/supernet/index.js';

// Tiny skeletons of every built-in space: each supernet must train one step on wasm.
const TINY: Record<string, Skeleton> = {
  darts: { ...DARTS_BENCH, channels: 4, layers: 3 },
  nb201: { kind: 'nb201', channels: 4, cellsPerStage: 1, inputChannels: 1, classes: 10 },
  chain: { kind: 'chain', inputChannels: 1, classes: 10 },
  hierarchical: { kind: 'hierarchical', channels: 4, cellsPerStage: 1, inputChannels: 1, classes: 10 },
};

describe.each(Object.keys(TINY))('%s supernet', (name) => {
  it('trains one relaxed step and runs a sampled sub-architecture', () => {
    const space = spaceByName(name);
    const net = createSupernet(space, TINY[name]!, { seed: 1 });
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d([3, 4], 'int32'), 10));
    const optimizer = tf.train.sgd(0.1);
    const before = net.archVariables().map((a) => a.arraySync());
    const loss = tf.tidy(() => {
      const l = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, net.forward(x, { kind: 'relaxed' })) as tf.Scalar, true, [
        ...net.weightVariables(),
        ...net.archVariables(),
      ]);
      return l?.dataSync()[0] ?? Number.NaN;
    });
    expect(Number.isFinite(loss)).toBe(true);
    expect(net.archVariables().map((a) => a.arraySync())).not.toEqual(before);
    const genotype = sampleGenotype(space, createRng(`all-spaces/${name}`));
    const logits = tf.tidy(() => net.forward(x, { kind: 'fixed', genotype }, false));
    expect(logits.shape).toEqual([2, 10]);
    tf.dispose([x, y, logits]);
    optimizer.dispose();
    net.dispose();
  });
});
