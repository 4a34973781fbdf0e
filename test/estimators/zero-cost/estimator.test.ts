import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { ZC_PROXIES, ZeroCostEstimator, zcInput, zcProxy } from '../../../src/estimators/zero-cost/index.js';
import { createRng } from '../../../src/random/index.js';
import { parseGenotype, sampleGenotype } from '../../../src/space/index.js';
import type { CellArchitecture, CellSpace } from '../../../src/space/api.js';
import { FixedNetwork } from '../../../src/supernet/index.js';
import { expectNasError, expectNasErrorSync } from '../../helpers/expect-nas-error.js';

const space = spaceByName('nb201') as CellSpace;
const small = { kind: 'nb201', channels: 4, cellsPerStage: 1, inputChannels: 3, classes: 10 } as const;
const input = { image: [8, 8, 3], classes: 10 } as const;
const A = '|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|';
// The same computation as B with its cell's dead edge (into node 1, which feeds nothing) changed.
const B = '|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|';
const B_TWIN = '|avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|';

describe('zero-cost proxies (registry contract)', () => {
  for (const [name, proxy] of Object.entries(ZC_PROXIES)) {
    it(`${name} scores a small NB201 network with a finite number and frees its tensors`, () => {
      const net = new FixedNetwork(space, small, parseGenotype(space, A) as CellArchitecture, { seed: 1 });
      const batch = tf.tidy(() => ({
        x: tf.randomNormal([8, 8, 8, 3], 0, 1, 'float32', 5) as tf.Tensor4D,
        labels: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'),
      }));
      try {
        const score = proxy.score({ net, input, batch: proxy.needsBatch ? batch : null });
        expect(Number.isFinite(score), `${name}: ${score}`).toBe(true);
      } finally {
        net.dispose();
        batch.x.dispose();
        batch.labels.dispose();
      }
    });
  }

  it('names the known proxies when asked for an unknown one', () => {
    expectNasErrorSync(() => zcProxy('synflw'), "unknown zero-cost proxy 'synflw'", 'synflow', 'params', 'mult-adds');
  });

  it('knows the data sets without their files, and names them on an unknown one', () => {
    expect(zcInput('imagenet16')).toEqual({ image: [16, 16, 3], classes: 120 });
    expect(zcInput('cifar100').classes).toBe(100);
    expectNasErrorSync(() => zcInput('svhn'), "unknown dataset 'svhn'", 'cifar10');
  });
});

describe('ZeroCostEstimator', () => {
  it('scores params as the weights of the NB201 network shaped for the data set', async () => {
    const estimator = new ZeroCostEstimator(space, 'params', { input: zcInput('cifar100'), channels: 4, layers: 1 });
    const g = parseGenotype(space, A) as CellArchitecture;
    const net = new FixedNetwork(space, { ...small, classes: 100 }, g, { seed: '0' });
    const expected = net.mainParameterCount();
    net.dispose();
    const { score } = await estimator.estimate(g);
    expect(score).toBe(expected);
    estimator.dispose();
  });

  it('caches by computation: a second query, or one of an architecture computing the same function, costs nothing', async () => {
    const estimator = new ZeroCostEstimator(space, 'synflow', { input, channels: 4, layers: 1 });
    const first = await estimator.estimate(parseGenotype(space, B));
    expect(first.cost).toBeGreaterThan(0);
    const again = await estimator.estimate(parseGenotype(space, B));
    const twin = await estimator.estimate(parseGenotype(space, B_TWIN));
    expect(again).toEqual({ score: first.score, cost: 0 });
    expect(twin).toEqual({ score: first.score, cost: 0 });
    const other = await estimator.estimate(parseGenotype(space, A));
    expect(other.score).not.toBe(first.score);
    expect(estimator.name).toBe('zc:synflow');
    estimator.dispose();
  });

  it('refuses spaces without a stand-alone cell network and architectures of another space', async () => {
    expectNasErrorSync(() => new ZeroCostEstimator(spaceByName('chain'), 'params', { input }), "'chain' is a chain space");
    expectNasErrorSync(
      () => new ZeroCostEstimator(spaceByName('darts'), 'synflow', { input }),
      'synflow runs on the NB201 network',
      'darts',
    );
    const estimator = new ZeroCostEstimator(space, 'params', { input, channels: 4, layers: 1 });
    const darts = spaceByName('darts');
    await expectNasError(
      () => estimator.estimate(sampleGenotype(darts, createRng(1))),
      'zc:params scores architectures of the nb201 space',
    );
    estimator.dispose();
  });
});
