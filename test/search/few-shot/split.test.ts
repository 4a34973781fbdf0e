import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { createRng } from '../../../src/random/index.js';
import { checkSplitEdges, memberDirName, splitMembers, splitOps } from '../../../src/search/few-shot/index.js';
import { RestrictedSpos, restrictedClasses } from '../../../src/search/restricted/index.js';
import { computationClasses } from '../../../src/search/index.js';
import { canonicalString, computationKey, parseGenotype } from '../../../src/space/index.js';
import type { Genotype } from '../../../src/space/api.js';
import type { SampledMode } from '../../../src/supernet/api.js';
import { createSupernet } from '../../../src/supernet/index.js';
import { NB201_NETWORK } from '../../../supernets/index.js';
import { expectNasErrorSync } from '../../helpers/expect-nas-error.js';

const nb201 = spaceByName('nb201');
const arch = parseGenotype(nb201, '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|none~0|nor_conv_3x3~1|nor_conv_3x3~2|');

describe('few-shot split on NB201 edges', () => {
  it('makes one sub-supernet per op of one edge, per op pair of two', () => {
    expect(splitMembers(nb201, [0])).toEqual(nb201.ops.map((op) => [op]));
    const pairs = splitMembers(nb201, [0, 5]);
    expect(pairs).toHaveLength(25);
    expect(new Set(pairs.map((p) => p.join('+'))).size).toBe(25);
    expect(memberDirName(['none', 'skip_connect'])).toBe('op-none+skip_connect');
  });

  it("reads an architecture's ops on the split edges in supernetEdges order (0: 0->1, 3: 0->3, 5: 2->3)", () => {
    expect(splitOps(nb201, arch, [0])).toEqual(['avg_pool_3x3']);
    expect(splitOps(nb201, arch, [3, 5, 2])).toEqual(['none', 'nor_conv_3x3', 'skip_connect']);
  });

  it('refuses edges outside the cell, repeats, more than two, and spaces where an edge may be absent', () => {
    expectNasErrorSync(() => checkSplitEdges(nb201, [6]), 'edge 6 is not an edge of the nb201 cell (0-5)');
    expectNasErrorSync(() => checkSplitEdges(nb201, [1, 1]), 'names an edge twice');
    expectNasErrorSync(() => checkSplitEdges(nb201, [0, 1, 2]), 'one or two edges');
    expectNasErrorSync(() => checkSplitEdges(spaceByName('darts'), [0]), 'not the darts space');
  });
});

describe('restricted computation classes', () => {
  it('split: every class keeps only its members holding the op, and the ops partition the space', () => {
    let strings = 0;
    for (const op of nb201.ops) {
      const classes = restrictedClasses(nb201, { splitEdges: [0], splitOps: [op], keep: [] });
      for (const members of classes) for (const g of members) expect(splitOps(nb201, g, [0])).toEqual([op]);
      strings += classes.reduce((n, m) => n + m.length, 0);
    }
    expect(strings).toBe(15625);
  });

  it('keep: only the kept computations, with all their spellings', () => {
    const kept = computationClasses(nb201).slice(100, 103);
    const classes = restrictedClasses(nb201, { splitEdges: [], splitOps: [], keep: kept.map((m) => canonicalString(m.at(-1)!)) });
    expect(classes.map((m) => m.length)).toEqual(kept.map((m) => m.length));
    expect(classes.map((m) => computationKey(nb201, m[0]!))).toEqual(kept.map((m) => computationKey(nb201, m[0]!)));
  });

  it('bad restrictions are one line', () => {
    expectNasErrorSync(() => restrictedClasses(nb201, { splitEdges: [0], splitOps: [], keep: [] }), '1 split edge(s) but 0 op(s)');
    expectNasErrorSync(() => restrictedClasses(nb201, { splitEdges: [0], splitOps: ['conv_9x9'], keep: [] }), "split op 'conv_9x9'");
  });

  it('RestrictedSpos trains and derives only architectures of its restriction', async () => {
    const keep = computationClasses(nb201)
      .slice(0, 40)
      .map((m) => canonicalString(m[0]!));
    const keys = new Set(keep.map((s) => computationKey(nb201, parseGenotype(nb201, s))));
    const net = createSupernet(nb201, { ...NB201_NETWORK, channels: 4, cellsPerStage: 1, inputChannels: 1 }, { seed: 1 });
    const strategy = new RestrictedSpos({ uniquePaths: true, splitEdges: [0], splitOps: ['nor_conv_1x1'], keep });
    try {
      strategy.setup(net, { epochs: 1, stepsPerEpoch: 1, seed: 'restricted' });
      const probe = strategy as unknown as { paths(step: number, rng: () => number): SampledMode[] };
      const rng = createRng('restricted-draws');
      const drawn = new Set<string>();
      for (let i = 0; i < 200; i++) {
        const [mode] = probe.paths(i, rng);
        const g = (mode as { genotype: Genotype }).genotype;
        expect(keys.has(computationKey(nb201, g))).toBe(true);
        expect(splitOps(nb201, g, [0])).toEqual(['nor_conv_1x1']);
        drawn.add(computationKey(nb201, g));
      }
      const allowed = restrictedClasses(nb201, { splitEdges: [0], splitOps: ['nor_conv_1x1'], keep });
      expect(drawn.size).toBe(allowed.length);
    } finally {
      strategy.dispose();
      net.dispose();
    }
  });

  it('a restriction that leaves nothing fails at setup, before any step', () => {
    // A kept computation whose every spelling has nor_conv_3x3 on edge 0 leaves nothing for the avg_pool_3x3 sub-supernet.
    const conv = computationClasses(nb201).find((m) => m.every((g) => splitOps(nb201, g, [0])[0] === 'nor_conv_3x3'))!;
    const net = createSupernet(nb201, { ...NB201_NETWORK, channels: 4, cellsPerStage: 1, inputChannels: 1 }, { seed: 1 });
    const strategy = new RestrictedSpos({ splitEdges: [0], splitOps: ['avg_pool_3x3'], keep: [canonicalString(conv[0]!)] });
    try {
      expectNasErrorSync(() => strategy.setup(net, { epochs: 1, stepsPerEpoch: 1, seed: 's' }), 'leaves no architecture');
    } finally {
      strategy.dispose();
      net.dispose();
    }
  });
});
