import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { DARTS_BENCH, type ChainSkeleton, type HierarchicalSkeleton } from '../../supernets/index.js';
import type { ChainArchitecture, ChainSpace, HierarchicalSpace } from '../../src/space/api.js';
import { parseGenotype, sampleGenotype } from '../../src/space/index.js';
import { createRng } from '../../src/random/index.js';
import type { Module } from '../../src/ops/module.js';
import { ChainSupernet, DropPath, FixedNetwork, HierarchicalSupernet, copyWeights } from '../../src/supernet/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { CHAIN_GENOTYPE, HIERARCHICAL_GENOTYPE } from '../helpers/standalone-genotypes.js';

const chain = spaceByName('chain') as ChainSpace;
const hierarchical = spaceByName('hierarchical') as HierarchicalSpace;
const CHAIN: ChainSkeleton = { kind: 'chain', inputChannels: 1, classes: 10 };
const TINY_HIERARCHICAL: HierarchicalSkeleton = { kind: 'hierarchical', channels: 4, cellsPerStage: 1, inputChannels: 1, classes: 10 };

/** Copy each tensor of `to` from the leading corner of the same-named one in `from` (channel masking shares leading slices). */
function copyLeadingSlices(from: Module, to: Module): number {
  const source = new Map([...from.namedParameters(), ...from.namedBuffers()]);
  let copied = 0;
  for (const [name, target] of [...to.namedParameters(), ...to.namedBuffers()]) {
    const value = source.get(name);
    if (!value) throw new Error(`no weight named '${name}' in the supernet`);
    tf.tidy(() =>
      target.assign(
        tf.slice(
          value,
          value.shape.map(() => 0),
          target.shape,
        ),
      ),
    );
    copied++;
  }
  return copied;
}

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.abs(a.sub(b)).max().dataSync()[0] ?? Number.NaN);
}

describe('stand-alone chain network', () => {
  it('has the weights counted by hand, built at the genotype widths', () => {
    const net = new FixedNetwork(chain, CHAIN, parseGenotype(chain, CHAIN_GENOTYPE));
    const bn = (c: number) => 2 * c; // affine scale and shift
    const conv = (k: number, cIn: number, cOut: number) => k * k * cIn * cOut + bn(cOut); // ReLU-conv-BN
    const dil = (k: number, cIn: number, cOut: number) => k * k * cIn + cIn * cOut + bn(cOut); // ReLU-dw-pw-BN
    const sep = (k: number, cIn: number, cOut: number) => dil(k, cIn, cIn) + dil(k, cIn, cOut);
    const expected =
      3 * 3 * 1 * 64 +
      bn(64) + // stem: to the widest width
      conv(3, 64, 16) +
      0 + // max pool 16 -> 32 (zero-padded)
      conv(3, 32, 64) +
      sep(3, 64, 32) +
      0 + // avg pool 32 -> 16 (first 16 channels)
      conv(5, 16, 64) +
      sep(5, 64, 64) +
      sep(3, 64, 32) +
      32 * 10 +
      10; // classifier
    expect(expected).toBe(81_194);
    expect(net.network.parameterCount()).toBe(expected);
    expect(net.mainParameterCount()).toBe(expected);
    net.dispose();
  });

  it('is the chain supernet fixed to its genotype, on the leading slices of the shared weights', () => {
    const supernet = new ChainSupernet(chain, CHAIN, { seed: 2 });
    const genotype = parseGenotype(chain, CHAIN_GENOTYPE);
    const fixed = new FixedNetwork(chain, CHAIN, genotype, { affine: false, seed: 7 });
    expect(copyLeadingSlices(supernet.network, fixed.network)).toBe(
      fixed.network.namedParameters().length + fixed.network.namedBuffers().length,
    );
    const x = tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    for (const training of [true, false]) {
      const a = tf.tidy(() => supernet.forward(x, { kind: 'fixed', genotype }, training));
      const b = tf.tidy(() => fixed.forward(x, training));
      expect(maxDiff(a, b), `training=${training}`).toBeLessThan(1e-4);
      tf.dispose([a, b]);
    }
    x.dispose();
    fixed.dispose();
    supernet.dispose();
  });

  it.each([0, 1])('at full width is the supernet fixed to random genotype #%i on the same weights', (seed) => {
    const supernet = new ChainSupernet(chain, CHAIN, { seed });
    const drawn = sampleGenotype(chain, createRng(`chain-equivalence/${seed}`)) as ChainArchitecture;
    const genotype = { ...drawn, layers: drawn.layers.map((layer) => ({ ...layer, width: 64 })) };
    const fixed = new FixedNetwork(chain, CHAIN, genotype, { affine: false, seed: 9 });
    expect(copyWeights(supernet.network, fixed.network)).toBeGreaterThan(0);
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', seed) as tf.Tensor4D;
    const a = tf.tidy(() => supernet.forward(x, { kind: 'fixed', genotype }, true));
    const b = tf.tidy(() => fixed.forward(x, true));
    expect(maxDiff(a, b)).toBeLessThan(1e-4);
    tf.dispose([x, a, b]);
    fixed.dispose();
    supernet.dispose();
  });
});

describe('stand-alone hierarchical network', () => {
  it('has the weights counted by hand: only the motifs the cell uses, each placement with its own', () => {
    const net = new FixedNetwork(hierarchical, TINY_HIERARCHICAL, parseGenotype(hierarchical, HIERARCHICAL_GENOTYPE));
    const bn = (c: number) => 2 * c;
    const dil = (k: number, cIn: number, cOut: number) => k * k * cIn + cIn * cOut + bn(cOut);
    const sep = (k: number, cIn: number, cOut: number) => dil(k, cIn, cIn) + dil(k, cIn, cOut);
    const m0 = (c: number) => c * c + bn(c) + sep(3, c, c); // 1x1 conv, separable conv (identity and max pool: none)
    const m1 = (c: number) => 9 * c + bn(c); // depthwise 3x3 conv (average pool and identity: none)
    const cell = (c: number) => 3 * m0(c) + 2 * m1(c); // the level-3 motif places m0 three times, m1 twice
    const expected = 9 * 4 + bn(4) + cell(4) + sep(3, 4, 8) + cell(8) + sep(3, 8, 16) + cell(16) + 16 * 10 + 10;
    expect(expected).toBe(6398);
    expect(net.network.parameterCount()).toBe(expected);
    net.dispose();
  });

  it.each([0, 1, 2])('is the hierarchical supernet fixed to random genotype #%i on the same weights', (seed) => {
    const supernet = new HierarchicalSupernet(hierarchical, TINY_HIERARCHICAL, { seed });
    const genotype = sampleGenotype(hierarchical, createRng(`hierarchical-equivalence/${seed}`));
    const fixed = new FixedNetwork(hierarchical, TINY_HIERARCHICAL, genotype, { affine: false, seed: 9 });
    expect(fixed.network.parameterCount()).toBeLessThan(supernet.network.parameterCount());
    expect(copyWeights(supernet.network, fixed.network)).toBeGreaterThan(0);
    const x = tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', seed) as tf.Tensor4D;
    for (const training of [true, false]) {
      const a = tf.tidy(() => supernet.forward(x, { kind: 'fixed', genotype }, training));
      const b = tf.tidy(() => fixed.forward(x, training));
      expect(maxDiff(a, b), `training=${training}`).toBeLessThan(1e-4);
      tf.dispose([a, b]);
    }
    x.dispose();
    fixed.dispose();
    supernet.dispose();
  });
});

describe('stand-alone network of a mismatched genotype or option', () => {
  it.each([
    [
      'a chain genotype on the hierarchical space',
      () => new FixedNetwork(hierarchical, TINY_HIERARCHICAL, parseGenotype(chain, CHAIN_GENOTYPE)),
      'a chain genotype does not fit',
    ],
    [
      'a cell skeleton for a chain genotype',
      () => new FixedNetwork(chain, DARTS_BENCH, parseGenotype(chain, CHAIN_GENOTYPE)),
      "skeleton 'darts' does not fit",
    ],
    [
      'an auxiliary head on a chain network',
      () => new FixedNetwork(chain, CHAIN, parseGenotype(chain, CHAIN_GENOTYPE), { auxiliary: true }),
      'an auxiliary head needs a cell network',
    ],
    [
      'drop-path in a hierarchical network',
      () =>
        new FixedNetwork(hierarchical, TINY_HIERARCHICAL, parseGenotype(hierarchical, HIERARCHICAL_GENOTYPE), { dropPath: new DropPath() }),
      'drop-path needs a cell network',
    ],
  ])('%s is a one-line error', async (_, build, message) => {
    await expectNasError(build, message);
  });
});
