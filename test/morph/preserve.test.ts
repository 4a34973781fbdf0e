import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { CHAIN_NETWORK, DARTS_SEARCH, type Skeleton } from '../../supernets/index.js';
import { withFrozenStatistics } from '../../src/ops/batch-norm.js';
import { applicableSteps, knownMorphisms, morphNetwork, type MorphSite, namedWeights } from '../../src/morph/index.js';
import type { Genotype, SearchSpace } from '../../src/space/api.js';
import { parseGenotype } from '../../src/space/index.js';
import { FixedNetwork } from '../../src/supernet/index.js';

const NB201 = spaceByName('nb201');
const NB201_SMALL: Skeleton = { kind: 'nb201', channels: 4, cellsPerStage: 1, inputChannels: 1, classes: 3 };
/** Node 1 from a 1x1 conv, node 2 unused, node 3 = 3x3 conv of node 0 + node 1. */
const NB201_CELL = '|nor_conv_1x1~0|+|none~0|none~1|+|nor_conv_3x3~0|skip_connect~1|none~2|';
const CHAIN = spaceByName('chain');
const CHAIN_SMALL: Skeleton = { ...CHAIN_NETWORK, classes: 3 };
const CHAIN_CONVS = '|conv_3x3@16|conv_3x3@16|conv_5x5@32|conv_3x3@32|conv_3x3@16|conv_3x3@32|conv_3x3@64|conv_3x3@16|';
const DARTS = spaceByName('darts');
const DARTS_SMALL: Skeleton = { ...DARTS_SEARCH, channels: 4, layers: 3, inputChannels: 1, classes: 3 };

interface Case {
  readonly name: string;
  readonly space: SearchSpace;
  readonly skeleton: Skeleton;
  readonly genotype: Genotype;
  readonly morphism: string;
  readonly site: MorphSite;
  /** Whether the child also equals the parent with BatchNorm in training mode (batch statistics). */
  readonly trainingExact: boolean;
}

const nb201 = parseGenotype(NB201, NB201_CELL);
const chain = parseGenotype(CHAIN, CHAIN_CONVS);
const CASES: Case[] = [
  {
    name: 'deepen an NB201 edge through an unused node',
    space: NB201,
    skeleton: NB201_SMALL,
    genotype: nb201,
    morphism: 'deepen',
    site: { from: 0, to: 3, via: 2 },
    trainingExact: false,
  },
  {
    name: 'add a zero-initialised 3x3 conv edge in NB201',
    space: NB201,
    skeleton: NB201_SMALL,
    genotype: nb201,
    morphism: 'add-edge',
    site: { from: 0, to: 2, op: 'nor_conv_3x3' },
    trainingExact: true,
  },
  {
    name: 'replace an NB201 1x1 conv by a 3x3 conv',
    space: NB201,
    skeleton: NB201_SMALL,
    genotype: nb201,
    morphism: 'replace-op',
    site: { from: 0, to: 1 },
    trainingExact: true,
  },
  {
    name: 'widen a chain layer feeding a conv (Net2WiderNet)',
    space: CHAIN,
    skeleton: CHAIN_SMALL,
    genotype: chain,
    morphism: 'widen',
    site: { layer: 0, width: 64 },
    trainingExact: true,
  },
  {
    name: 'widen the last chain layer (feeding the classifier)',
    space: CHAIN,
    skeleton: CHAIN_SMALL,
    genotype: chain,
    morphism: 'widen',
    site: { layer: 7, width: 32 },
    trainingExact: true,
  },
  {
    name: 'replace a chain 3x3 conv by a 5x5 conv',
    space: CHAIN,
    skeleton: CHAIN_SMALL,
    genotype: chain,
    morphism: 'replace-op',
    site: { layer: 3 },
    trainingExact: true,
  },
  {
    name: 'replace a DARTS separable 3x3 by a 5x5 in the normal cells',
    space: DARTS,
    skeleton: DARTS_SMALL,
    genotype: namedGenotype('DARTS_V2'),
    morphism: 'replace-op',
    site: { cell: 'normal', from: 0, to: 2 },
    trainingExact: true,
  },
];

/**
 * Give every BatchNorm random statistics and affine (as after training), so a
 * morphism that ignores one shows up; convs keep their fan-in initialisation
 * so activations stay O(1) and 1e-5 is a meaningful tolerance in float32.
 */
function randomise(net: FixedNetwork, seed: number): void {
  let i = 0;
  const draw = (name: string, shape: number[]): tf.Tensor => {
    const s = seed + i++;
    if (name.endsWith('running_var') || name.endsWith('gamma')) return tf.randomUniform(shape, 0.5, 1.5, 'float32', s);
    return tf.randomNormal(shape, 0, 0.2, 'float32', s);
  };
  for (const [name, v] of namedWeights(net.network)) {
    if (/(running_|gamma|beta)/.test(name)) tf.tidy(() => v.assign(draw(name, v.shape)));
  }
}

function maxDifference(a: FixedNetwork, b: FixedNetwork, x: tf.Tensor4D, training: boolean): number {
  return tf.tidy(() => withFrozenStatistics(() => tf.max(tf.abs(tf.sub(a.forward(x, training), b.forward(x, training)))).dataSync()[0]!));
}

describe('function-preserving morphisms', () => {
  it('every registered morphism has a preservation case', () => {
    expect(new Set(CASES.map((c) => c.morphism))).toEqual(new Set(knownMorphisms()));
  });

  for (const c of CASES) {
    it(`${c.name}: outputs equal within 1e-5 before training`, () => {
      const parent = new FixedNetwork(c.space, c.skeleton, c.genotype, { seed: 1 });
      randomise(parent, 7);
      const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
      let child: FixedNetwork | undefined;
      try {
        child = morphNetwork(parent, c.morphism, c.site, { seed: 2 });
        expect(child.genotype).not.toEqual(parent.genotype);
        expect(maxDifference(parent, child, x, false)).toBeLessThan(1e-5);
        const trainingGap = maxDifference(parent, child, x, true);
        if (c.trainingExact) expect(trainingGap).toBeLessThan(1e-5);
        else expect(trainingGap).toBeGreaterThan(1e-3);
        // a fresh network of the child genotype is not the parent's function: the weights did the work
        const fresh = new FixedNetwork(c.space, c.skeleton, child.genotype, { seed: 2 });
        expect(maxDifference(parent, fresh, x, false)).toBeGreaterThan(1e-3);
        fresh.dispose();
      } finally {
        x.dispose();
        child?.dispose();
        parent.dispose();
      }
    });
  }

  it('every site applicableSteps lists gives a child network', () => {
    const parent = new FixedNetwork(NB201, NB201_SMALL, nb201, { seed: 1 });
    const steps = applicableSteps(NB201, nb201);
    expect(steps.map((s) => s.morphism).sort()).toEqual(expect.arrayContaining(['add-edge', 'deepen', 'replace-op']));
    for (const step of steps) morphNetwork(parent, step.morphism, step.site, { seed: 3 }).dispose();
    parent.dispose();
  });
});
