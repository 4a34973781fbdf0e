import { describe, expect, it } from 'vitest';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { NB201_NETWORK } from '../../supernets/index.js';
import { applicableSteps, morphismByName, morphNetwork } from '../../src/morph/index.js';
import type { Genotype, SearchSpace } from '../../src/space/api.js';
import { parseGenotype } from '../../src/space/index.js';
import { FixedNetwork } from '../../src/supernet/index.js';
import { HIERARCHICAL_GENOTYPE } from '../helpers/standalone-genotypes.js';
import { expectNasErrorSync } from '../helpers/expect-nas-error.js';

const NB201 = spaceByName('nb201');
const DARTS = spaceByName('darts');
const CHAIN = spaceByName('chain');
const nb201 = parseGenotype(NB201, '|nor_conv_1x1~0|+|none~0|none~1|+|nor_conv_3x3~0|skip_connect~1|none~2|');
const chain = parseGenotype(
  CHAIN,
  '|conv_3x3@16|max_pool_3x3@32|conv_3x3@64|sep_conv_3x3@32|avg_pool_3x3@16|conv_5x5@64|sep_conv_5x5@64|conv_3x3@64|',
);
const darts = namedGenotype('DARTS_V2');

describe('morphisms that do not apply are one-line errors', () => {
  const childGenotype = (name: string, space: SearchSpace, genotype: Genotype, site: object) => () =>
    morphismByName(name).childGenotype(space, genotype, site);

  it('widen on a space with fixed widths', () => {
    expectNasErrorSync(childGenotype('widen', NB201, nb201, { layer: 0, width: 32 }), "'widen'", 'fixed widths');
  });
  it('widen to a width the space lacks, or of a layer feeding a pool', () => {
    expectNasErrorSync(childGenotype('widen', CHAIN, chain, { layer: 0, width: 48 }), 'not a wider width');
    expectNasErrorSync(childGenotype('widen', CHAIN, chain, { layer: 0, width: 32 }), "'max_pool_3x3'");
  });
  it('replace an op that has no larger version', () => {
    expectNasErrorSync(childGenotype('replace-op', NB201, nb201, { from: 1, to: 3 }), "'skip_connect' has no larger version");
    expectNasErrorSync(childGenotype('replace-op', CHAIN, chain, { layer: 5 }), "'conv_5x5' has no larger version");
  });
  it('add an edge that exists, or one the space does not allow', () => {
    expectNasErrorSync(childGenotype('add-edge', NB201, nb201, { from: 0, to: 1, op: 'nor_conv_3x3' }), 'already carries');
    expectNasErrorSync(childGenotype('add-edge', NB201, nb201, { from: 0, to: 2, op: 'avg_pool_3x3' }), 'weighted op');
    expectNasErrorSync(childGenotype('add-edge', DARTS, darts, { cell: 'normal', from: 3, to: 5, op: 'sep_conv_3x3' }), 'does not allow');
  });
  it('deepen an edge that does not start with a ReLU, through a used node, or in a DARTS cell', () => {
    expectNasErrorSync(childGenotype('deepen', NB201, nb201, { from: 1, to: 3, via: 2 }), "'skip_connect'");
    expectNasErrorSync(childGenotype('deepen', NB201, nb201, { from: 0, to: 3, via: 1 }), 'not an unused node');
    expectNasErrorSync(childGenotype('deepen', DARTS, darts, { cell: 'normal', from: 0, to: 2, via: 1 }), 'last node');
  });
  it('a hierarchical genotype has no site for any morphism', () => {
    const space = spaceByName('hierarchical');
    expect(applicableSteps(space, parseGenotype(space, HIERARCHICAL_GENOTYPE))).toEqual([]);
    expectNasErrorSync(childGenotype('replace-op', space, parseGenotype(space, HIERARCHICAL_GENOTYPE), {}), 'hierarchical');
  });
  it('an unknown morphism lists the known ones', () => {
    expectNasErrorSync(() => morphismByName('shrink'), "unknown morphism 'shrink'", 'deepen', 'widen');
  });
  it('morphisms on cells without learnable BatchNorm affine refuse instead of changing the function', () => {
    const parent = new FixedNetwork(NB201, { ...NB201_NETWORK, channels: 4, cellsPerStage: 1, inputChannels: 1 }, nb201, { affine: false });
    try {
      expectNasErrorSync(() => morphNetwork(parent, 'add-edge', { from: 0, to: 2, op: 'nor_conv_3x3' }, { affine: false }), 'affine');
      expectNasErrorSync(() => morphNetwork(parent, 'deepen', { from: 0, to: 3, via: 2 }, { affine: false }), 'affine');
    } finally {
      parent.dispose();
    }
  });
});
