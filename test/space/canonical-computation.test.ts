import { describe, expect, it } from 'vitest';
import { DARTS_SPACE, NB201_SPACE } from '../../cells/index.js';
import { NasError } from '../../src/errors.js';
import {
  canonicalString,
  cellExpression,
  computationKey,
  enumerateGenotypes,
  parseGenotype,
  sampleGenotype,
  uniqueGenotypes,
} from '../../src/space/index.js';
import { createRng } from '../../src/random/index.js';

const key = (arch: string) => computationKey(NB201_SPACE, parseGenotype(NB201_SPACE, arch));

describe('computationKey (NB201)', () => {
  it('counts 6,466 computations among the 15,625 cells, as NAS-Bench-201 publishes', () => {
    const keys = new Set<string>();
    for (const g of enumerateGenotypes(NB201_SPACE)) keys.add(computationKey(NB201_SPACE, g));
    expect(keys.size).toBe(6466);
  });

  it('gives one representative per computation, in enumeration order, preferring none on edges that do not matter', () => {
    const unique = uniqueGenotypes(NB201_SPACE);
    expect(unique).toHaveLength(6466);
    expect(new Set(unique.map((g) => computationKey(NB201_SPACE, g))).size).toBe(6466);
    // The representative of "conv1x1 straight into the output" has every dead edge at none.
    const rep = unique.find(
      (g) => computationKey(NB201_SPACE, g) === key('|avg_pool_3x3~0|+|skip_connect~0|none~1|+|nor_conv_1x1~0|none~1|none~2|'),
    );
    expect(canonicalString(rep!)).toBe('|none~0|+|none~0|none~1|+|nor_conv_1x1~0|none~1|none~2|');
  });

  it('merges cells that are the same graph once skip_connect edges are contracted (the sum is unordered)', () => {
    // node 1 is the input itself, so conv3 and conv1 both read the input and may be swapped between edges 0->3 and 1->3.
    const a = '|skip_connect~0|+|none~0|none~1|+|nor_conv_3x3~0|nor_conv_1x1~1|none~2|';
    const b = '|skip_connect~0|+|none~0|none~1|+|nor_conv_1x1~0|nor_conv_3x3~1|none~2|';
    expect(canonicalString(parseGenotype(NB201_SPACE, a))).not.toBe(canonicalString(parseGenotype(NB201_SPACE, b)));
    expect(key(a)).toBe(key(b));
  });

  it('ignores edges that cannot reach the output', () => {
    const a = '|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|nor_conv_3x3~0|none~1|none~2|';
    const b = '|avg_pool_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|nor_conv_3x3~0|none~1|none~2|';
    expect(key(a)).toBe(key(b));
  });

  it('treats ops fed only by a none edge as zero', () => {
    const a = '|none~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_1x1~2|';
    const b = '|none~0|+|nor_conv_1x1~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|';
    expect(key(a)).toBe(key(b));
  });

  it('merges a skip chain with a direct edge (skip_connect is the identity)', () => {
    const a = '|skip_connect~0|+|none~0|skip_connect~1|+|none~0|none~1|nor_conv_3x3~2|';
    const b = '|nor_conv_1x1~0|+|skip_connect~0|none~1|+|none~0|none~1|nor_conv_3x3~2|';
    expect(key(a)).toBe(key(b));
  });

  it('keeps different computations apart: op choice, pooling vs convolution, and the published zero-term convention', () => {
    expect(key('|none~0|+|none~0|none~1|+|nor_conv_3x3~0|none~1|none~2|')).not.toBe(
      key('|none~0|+|none~0|none~1|+|avg_pool_3x3~0|none~1|none~2|'),
    );
    // conv(conv(x)) is not conv(x) + conv(x)
    expect(key('|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|none~0|none~1|skip_connect~2|')).not.toBe(
      key('|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|none~0|none~1|skip_connect~2|'),
    );
    // NAS-Bench-201 keeps a zero term in a sum: x + 0 (two inputs) is not x (three) in the 6,466 count.
    expect(cellExpression({ nodes: [[{ from: 0, op: 'none' }]], concat: [1] }, { zero: 'none', identity: 'skip_connect' })).toBe('#');
  });

  it('falls back to the architecture string in a space without a rule, and refuses a genotype of another space', () => {
    const g = sampleGenotype(DARTS_SPACE, createRng(1));
    expect(computationKey(DARTS_SPACE, g)).toBe(canonicalString(g));
    expect(() => computationKey(NB201_SPACE, g)).toThrow(NasError);
  });
});
