import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import type { Skeleton } from '../../supernets/index.js';
import { directoryHandler, exportGraphModel } from '../../src/export/index.js';
import { createRng } from '../../src/random/index.js';
import type { Genotype } from '../../src/space/api.js';
import { parseGenotype, sampleGenotype } from '../../src/space/index.js';
import { FixedNetwork } from '../../src/supernet/index.js';
import { useTempDir } from '../checkpoint/temp-dir.js';
import { CHAIN_GENOTYPE, HIERARCHICAL_GENOTYPE } from '../helpers/standalone-genotypes.js';

const CHAIN: Skeleton = { kind: 'chain', inputChannels: 1, classes: 10 };
const HIERARCHICAL: Skeleton = { kind: 'hierarchical', channels: 4, cellsPerStage: 1, inputChannels: 1, classes: 10 };
const chain = spaceByName('chain');
const hierarchical = spaceByName('hierarchical');

/** Stand-alone networks of the chain (widths narrowed and widened: slices and zero padding) and hierarchical spaces. */
const CASES: readonly { readonly name: string; readonly skeleton: Skeleton; readonly genotype: () => Genotype }[] = [
  { name: 'chain, hand-made genotype', skeleton: CHAIN, genotype: () => parseGenotype(chain, CHAIN_GENOTYPE) },
  { name: 'chain, random:1', skeleton: CHAIN, genotype: () => sampleGenotype(chain, createRng('random-genotype/1')) },
  { name: 'hierarchical, hand-made genotype', skeleton: HIERARCHICAL, genotype: () => parseGenotype(hierarchical, HIERARCHICAL_GENOTYPE) },
  ...[1, 2, 3].map((seed) => ({
    name: `hierarchical, random:${seed}`,
    skeleton: HIERARCHICAL,
    genotype: () => sampleGenotype(hierarchical, createRng(`random-genotype/${seed}`)),
  })),
];

describe('graph model export of chain and hierarchical networks', () => {
  const tempDir = useTempDir();

  it.each(CASES)('$name: the loaded graph model predicts the network’s logits', async ({ skeleton, genotype }) => {
    const g = genotype();
    const net = new FixedNetwork(spaceByName(g.space), skeleton, g, { seed: 5 });
    // Running statistics from two training-mode passes, so inference BatchNorm is not the identity.
    for (let step = 0; step < 2; step++) {
      tf.tidy(() => {
        net.forward(tf.randomNormal([4, 28, 28, 1], 0.5, 2, 'float32', step) as tf.Tensor4D, true);
      });
    }
    const dir = join(tempDir(), 'model');
    await exportGraphModel(net, [28, 28, 1], dir);
    const model = await tf.loadGraphModel(directoryHandler(dir));
    const x = tf.randomNormal([3, 28, 28, 1], 0.5, 2, 'float32', 7) as tf.Tensor4D;
    try {
      const [error, scale] = tf.tidy(() => {
        const expected = net.forward(x, false);
        const actual = model.predict(x) as tf.Tensor;
        return [tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!, tf.max(tf.abs(expected)).dataSync()[0]!];
      });
      expect(scale).toBeGreaterThan(1e-3);
      expect(error / scale).toBeLessThan(1e-4);
    } finally {
      tf.dispose(x);
      model.dispose();
      net.dispose();
    }
  });
});
