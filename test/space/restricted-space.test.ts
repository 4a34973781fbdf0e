import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { createRng } from '../../src/random/index.js';
import {
  RestrictedSpace,
  canonicalString,
  computationKey,
  neighbours,
  parseGenotype,
  sampleGenotype,
  uniqueGenotypes,
  wholeSpace,
} from '../../src/space/index.js';
import { expectNasErrorSync } from '../helpers/expect-nas-error.js';

const nb201 = spaceByName('nb201');
const unique = uniqueGenotypes(nb201);

describe('RestrictedSpace', () => {
  it('samples uniformly over the pool computations and answers each with the pool member', () => {
    const pool = unique.slice(0, 5);
    // A twin of the first member (same computation, another string) is the same candidate, not a sixth one.
    const twin = sampleGenotype(nb201, createRng('twin'));
    const restricted = new RestrictedSpace(nb201, [...pool, ...pool], 'a pool');
    expect(restricted.count()).toBe(5n);
    const rng = createRng('draws');
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const key = canonicalString(restricted.sample(rng));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(pool.map(canonicalString).sort());
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(120);
    expect(restricted.has(twin)).toBe(pool.some((g) => computationKey(nb201, g) === computationKey(nb201, twin)));
  });

  it('neighbours are the single mutations that land in the pool, as pool members; the whole pool gives the usual ones', () => {
    const start = parseGenotype(nb201, '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|');
    const single = neighbours(nb201, start);
    const inPool = single.slice(0, 3);
    const restricted = new RestrictedSpace(nb201, [start, ...inPool, ...unique.slice(100, 140)], 'a pool');
    const found = restricted.neighbours(start).map((g) => computationKey(nb201, g));
    for (const g of inPool) expect(found).toContain(computationKey(nb201, g));
    expect(found).not.toContain(computationKey(nb201, start));
    for (const key of found) expect(single.some((g) => computationKey(nb201, g) === key)).toBe(true);
    // Every computation in the pool: the neighbourhood is the space's, one member per computation.
    const everything = new RestrictedSpace(nb201, unique, 'every computation');
    const expected = new Set(single.map((g) => computationKey(nb201, g)));
    expected.delete(computationKey(nb201, start));
    expect(new Set(everything.neighbours(start).map((g) => computationKey(nb201, g)))).toEqual(expected);
  });

  it('with no single mutation in the pool, the nearest members stand in, so mutation always moves within the pool', () => {
    const a = parseGenotype(nb201, '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    const b = parseGenotype(nb201, '|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    const c = parseGenotype(nb201, '|avg_pool_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|nor_conv_1x1~0|avg_pool_3x3~1|nor_conv_1x1~2|');
    const restricted = new RestrictedSpace(nb201, [a, b, c], 'a pool');
    expect(restricted.neighbours(a).map(canonicalString)).toEqual([canonicalString(b)]);
    const rng = createRng('mutate');
    for (let i = 0; i < 20; i++) expect(restricted.has(restricted.mutate(c, rng))).toBe(true);
  });

  it('wholeSpace makes the draws the strategies made before pools (same rng, same architectures)', () => {
    const moves = wholeSpace(nb201);
    const [r1, r2] = [createRng('same'), createRng('same')];
    for (let i = 0; i < 5; i++) expect(canonicalString(moves.sample(r1))).toBe(canonicalString(sampleGenotype(nb201, r2)));
    expect(moves.count()).toBe(15625n);
  });

  it('refuses a pool it cannot move in and a member of another space, in one line', () => {
    expectNasErrorSync(() => new RestrictedSpace(nb201, [unique[0]!, unique[0]!], 'table t.json'), 'table t.json', '1 distinct');
    const darts = spaceByName('darts');
    expectNasErrorSync(
      () => new RestrictedSpace(nb201, [sampleGenotype(darts, createRng('d')), unique[0]!], 'table t.json'),
      'a darts architecture is not of the nb201 space',
    );
  });
});
