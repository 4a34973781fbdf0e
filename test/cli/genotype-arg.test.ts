import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { resolveGenotypeArg } from '../../src/cli/genotype-arg.js';
import { canonicalString, validateGenotype } from '../../src/space/index.js';

describe('a genotype named on the command line', () => {
  it('random[:SEED] is a seeded uniform draw of the space: the same seed gives the same genotype, another seed another', () => {
    const a = resolveGenotypeArg('random:1');
    const again = resolveGenotypeArg('random:1');
    const b = resolveGenotypeArg('random:2');
    expect(a.source).toBe('random:1');
    expect(canonicalString(a.genotype)).toBe(canonicalString(again.genotype));
    expect(canonicalString(a.genotype)).not.toBe(canonicalString(b.genotype));
    expect(a.genotype.space).toBe('darts');
    expect(() => validateGenotype(spaceByName('darts'), a.genotype)).not.toThrow();
    expect(resolveGenotypeArg('random').source).toBe('random:0');
    const nb201 = resolveGenotypeArg('random:1', 'nb201');
    expect(nb201.genotype.space).toBe('nb201');
    expect(canonicalString(nb201.genotype)).toMatch(/^\|.+~0\|\+/);
  });
});
