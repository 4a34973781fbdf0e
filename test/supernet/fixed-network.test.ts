import { describe, expect, it } from 'vitest';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { DARTS_SEARCH } from '../../supernets/index.js';
import type { CellArchitecture, CellSpace } from '../../src/space/api.js';
import { FixedNetwork } from '../../src/supernet/index.js';

describe('stand-alone network of a genotype', () => {
  // The DARTS code's train.py logs "param size = 3.349342MB" for DARTS_V2 at C=36, 20 cells on
  // CIFAR-10 (auxiliary head excluded): the toolkit's ops must add up to the same weights.
  it("DARTS_V2 at C=36, 20 cells has the DARTS code's 3,349,342 weights", () => {
    const net = new FixedNetwork(
      spaceByName('darts') as CellSpace,
      { ...DARTS_SEARCH, channels: 36, layers: 20 },
      namedGenotype('DARTS_V2') as CellArchitecture,
      { affine: true },
    );
    expect(net.network.parameterCount()).toBe(3_349_342);
    net.dispose();
  });
});
