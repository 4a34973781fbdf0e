import { describe, expect, it } from 'vitest';
import { DARTS_SPACE, NAMED_GENOTYPES, namedGenotype } from '../../cells/index.js';
import { canonicalString, fromDartsGenotype, parseGenotype, toDartsGenotype, validateGenotype } from '../../src/space/index.js';
import { deeplyFrozen } from './helpers.js';

describe('named genotypes', () => {
  it.each(Object.keys(NAMED_GENOTYPES))('%s validates in the darts space and is frozen', (name) => {
    const genotype = namedGenotype(name);
    expect(validateGenotype(DARTS_SPACE, genotype)).toEqual(genotype);
    expect(deeplyFrozen(genotype)).toBe(true);
    expect(fromDartsGenotype(DARTS_SPACE, toDartsGenotype(genotype))).toEqual(genotype);
    expect(canonicalString(parseGenotype(DARTS_SPACE, canonicalString(genotype)))).toBe(canonicalString(genotype));
  });

  it('keeps the DARTS code pairs in their order: DARTS_V2 as in genotypes.py', () => {
    expect(toDartsGenotype(namedGenotype('DARTS_V2'))).toEqual({
      normal: [
        ['sep_conv_3x3', 0],
        ['sep_conv_3x3', 1],
        ['sep_conv_3x3', 0],
        ['sep_conv_3x3', 1],
        ['sep_conv_3x3', 1],
        ['skip_connect', 0],
        ['skip_connect', 0],
        ['dil_conv_3x3', 2],
      ],
      normal_concat: [2, 3, 4, 5],
      reduce: [
        ['max_pool_3x3', 0],
        ['max_pool_3x3', 1],
        ['skip_connect', 2],
        ['max_pool_3x3', 1],
        ['max_pool_3x3', 0],
        ['skip_connect', 2],
        ['skip_connect', 2],
        ['max_pool_3x3', 1],
      ],
      reduce_concat: [2, 3, 4, 5],
    });
  });

  it('prints canonically: edges of a node sorted, so listing order does not matter', () => {
    expect(canonicalString(namedGenotype('DARTS_V1'))).toBe(
      'normal=|sep_conv_3x3~0|sep_conv_3x3~1|+|skip_connect~0|sep_conv_3x3~1|+|skip_connect~0|sep_conv_3x3~1|+|sep_conv_3x3~0|skip_connect~2|' +
        ';reduce=|max_pool_3x3~0|max_pool_3x3~1|+|max_pool_3x3~0|skip_connect~2|+|max_pool_3x3~0|skip_connect~2|+|avg_pool_3x3~0|skip_connect~2|',
    );
  });

  it('lists the known names for an unknown one', () => {
    expect(() => namedGenotype('NASNet')).toThrow("unknown genotype 'NASNet' (known: DARTS_V1, DARTS_V2)");
  });
});
