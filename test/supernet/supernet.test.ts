import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DARTS_BENCH, type CellSkeleton } from '../../supernets/index.js';
import { spaceByName } from '../../cells/index.js';
import type { CellArchitecture, CellSpace } from '../../src/space/api.js';
import { sampleGenotype, supernetEdges } from '../../src/space/index.js';
import { createRng } from '../../src/random/index.js';
import { CellSupernet, FixedNetwork, copyWeights, genotypeEdgeOps } from '../../src/supernet/index.js';

const TINY_DARTS: CellSkeleton = { ...DARTS_BENCH, channels: 4, layers: 3 };
const TINY_NB201: CellSkeleton = { kind: 'nb201', channels: 4, cellsPerStage: 1, inputChannels: 1, classes: 10 };
const CASES = [
  ['darts', TINY_DARTS],
  ['nb201', TINY_NB201],
] as const;

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.abs(a.sub(b)).max().dataSync()[0] ?? Number.NaN);
}

describe('DARTS supernet size', () => {
  // The same network as shared/bench/darts_torch.py, whose parameter counts are given there.
  it.each([
    [5, 393_720],
    [3, 208_952],
  ])('C=8, %i cells has %i weights', (layers, count) => {
    const net = new CellSupernet(spaceByName('darts') as CellSpace, { ...DARTS_BENCH, layers });
    expect(net.network.parameterCount()).toBe(count);
    expect(net.archVariables().map((a) => a.shape)).toEqual([
      [14, 8],
      [14, 8],
    ]);
    net.dispose();
  });
});

describe.each(CASES)('%s supernet', (name, skeleton) => {
  const space = spaceByName(name) as CellSpace;

  it('trains one relaxed step: finite gradients for every weight and alpha', () => {
    const net = new CellSupernet(space, skeleton, { seed: 3 });
    const x = tf.randomNormal([2, 8, 8, 1]) as tf.Tensor4D;
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d([1, 7], 'int32'), 10));
    const vars = [...net.weightVariables(), ...net.archVariables()];
    const bad = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, net.forward(x, { kind: 'relaxed' })) as tf.Scalar, vars);
      return Object.values(grads).filter((g) => tf.logicalNot(tf.isFinite(g)).any().dataSync()[0]).length;
    });
    expect(bad).toBe(0);
    tf.dispose([x, y]);
    net.dispose();
  });

  // Weight sharing: the supernet fixed to G is the stand-alone network of G with the same weights.
  it.each([0, 1, 2])('fixed to random genotype #%i equals the stand-alone network', (seed) => {
    const net = new CellSupernet(space, skeleton, { seed });
    const genotype = sampleGenotype(space, createRng(`equivalence/${name}/${seed}`)) as CellArchitecture;
    const fixed = new FixedNetwork(space, skeleton, genotype, { affine: false, poolBn: name === 'darts', seed: 99 });
    expect(copyWeights(net.network, fixed.network)).toBeGreaterThan(0);
    const x = tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', seed) as tf.Tensor4D;
    for (const training of [true, false]) {
      const a = tf.tidy(() => net.forward(x, { kind: 'fixed', genotype }, training));
      const b = tf.tidy(() => fixed.forward(x, training));
      expect(maxDiff(a, b)).toBeLessThan(1e-5);
      tf.dispose([a, b]);
    }
    x.dispose();
    fixed.dispose();
    net.dispose();
  });

  it('one-hot weights and single-op masks equal the fixed mode', () => {
    const net = new CellSupernet(space, skeleton, { seed: 5 });
    const genotype = sampleGenotype(space, createRng(`one-hot/${name}`)) as CellArchitecture;
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const masks = Object.fromEntries(
      space.cellTypes.map((type) => {
        const ops = genotypeEdgeOps(space, genotype.cells[type]!);
        return [type, ops.map((chosen) => space.ops.map((_, k) => chosen.includes(k)))];
      }),
    );
    const [fixed, masked, weighted] = tf.tidy(() => {
      const weights = Object.fromEntries(Object.entries(masks).map(([type, m]) => [type, tf.tensor2d(m.map((row) => row.map(Number)))]));
      return [
        net.forward(x, { kind: 'fixed', genotype }),
        net.forward(x, { kind: 'masked', masks }),
        net.forward(x, { kind: 'weights', weights }),
      ];
    });
    expect(maxDiff(fixed, masked)).toBeLessThan(1e-5);
    expect(maxDiff(fixed, weighted)).toBeLessThan(1e-5);
    tf.dispose([x, fixed, masked, weighted]);
    net.dispose();
  });

  it('has one alpha row per supernet edge', () => {
    const net = new CellSupernet(space, skeleton);
    for (const a of net.archVariables()) expect(a.shape).toEqual([supernetEdges(space).length, space.ops.length]);
    net.dispose();
  });
});
