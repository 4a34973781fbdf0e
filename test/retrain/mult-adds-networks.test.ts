import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import type { ChainSkeleton, HierarchicalSkeleton } from '../../supernets/index.js';
import { multAdds } from '../../src/retrain/index.js';
import { parseGenotype } from '../../src/space/index.js';
import { FixedNetwork } from '../../src/supernet/index.js';
import { CHAIN_GENOTYPE, HIERARCHICAL_GENOTYPE } from '../helpers/standalone-genotypes.js';

// Multiply-adds of one 8x8 single-channel image, counted by hand layer by layer:
// a conv is outputs x kernel area x input channels, a depthwise conv outputs x
// kernel area, the classifier classes x features; pooling, BN and padding none.
const conv = (hw: number, k: number, cIn: number, cOut: number) => hw * cOut * k * k * cIn;
const dw = (hw: number, k: number, c: number) => hw * c * k * k;
/** A separable conv whose first half carries the stride: `hw` is its output resolution. */
const sep = (hw: number, k: number, cIn: number, cOut: number) =>
  dw(hw, k, cIn) + conv(hw, 1, cIn, cIn) + dw(hw, k, cIn) + conv(hw, 1, cIn, cOut);

describe('multiply-adds of the chain and hierarchical stand-alone networks', () => {
  it('chain: counted at the genotype widths, halving the resolution at layers 2 and 5', () => {
    const chain = spaceByName('chain');
    const skeleton: ChainSkeleton = { kind: 'chain', inputChannels: 1, classes: 10 };
    const net = new FixedNetwork(chain, skeleton, parseGenotype(chain, CHAIN_GENOTYPE));
    const expected =
      conv(64, 3, 1, 64) + // stem, 8x8
      conv(64, 3, 64, 16) +
      0 + // max pool
      conv(16, 3, 32, 64) + // stride 2: 4x4
      sep(16, 3, 64, 32) +
      0 + // avg pool
      conv(4, 5, 16, 64) + // stride 2: 2x2
      sep(4, 5, 64, 64) +
      sep(4, 3, 64, 32) +
      10 * 32;
    expect(expected).toBe(1_215_808);
    expect(multAdds(net, [8, 8, 1])).toBe(expected);
    net.dispose();
  });

  it('hierarchical: every placement of a motif counted, stages at C, 2C, 4C joined by stride-2 separable convs', () => {
    const space = spaceByName('hierarchical');
    const skeleton: HierarchicalSkeleton = { kind: 'hierarchical', channels: 4, cellsPerStage: 1, inputChannels: 1, classes: 10 };
    const net = new FixedNetwork(space, skeleton, parseGenotype(space, HIERARCHICAL_GENOTYPE));
    const m0 = (hw: number, c: number) => conv(hw, 1, c, c) + sep(hw, 3, c, c);
    const m1 = (hw: number, c: number) => dw(hw, 3, c);
    const cell = (hw: number, c: number) => 3 * m0(hw, c) + 2 * m1(hw, c);
    const expected = conv(64, 3, 1, 4) + cell(64, 4) + sep(16, 3, 4, 8) + cell(16, 8) + sep(4, 3, 8, 16) + cell(4, 16) + 10 * 16;
    expect(expected).toBe(65_632);
    expect(multAdds(net, [8, 8, 1])).toBe(expected);
    net.dispose();
  });
});
