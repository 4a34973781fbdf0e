import { describe, expect, it } from 'vitest';
import { dartsSplit, selectRecords, takeSubset } from '../../src/data/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { indexedDataset, sourceIndices } from './fixtures.js';

describe('dartsSplit', () => {
  const data = indexedDataset(1001);

  it('halves a seeded permutation into disjoint weight and architecture sets', () => {
    const { train, val } = dartsSplit(data, 0.5, 7);
    expect([train.count, val.count]).toEqual([500, 501]);
    expect([train.name, val.name]).toEqual(['synthetic/darts-train', 'synthetic/darts-val']);
    const a = sourceIndices(train);
    const b = sourceIndices(val);
    expect(new Set([...a, ...b]).size).toBe(1001);
    expect(a).not.toEqual([...a].sort((x, y) => x - y));
    for (const [k, i] of a.entries()) expect(train.labels[k]).toBe(i % 10);
  });

  it('is a function of the seed', () => {
    expect(sourceIndices(dartsSplit(data, 0.5, 7).val)).toEqual(sourceIndices(dartsSplit(data, 0.5, 7).val));
    expect(sourceIndices(dartsSplit(data, 0.5, 8).val)).not.toEqual(sourceIndices(dartsSplit(data, 0.5, 7).val));
  });

  it('honours the portion', () => {
    expect(dartsSplit(data, 0.8, 1).train.count).toBe(800);
  });

  it('rejects a portion outside (0, 1)', async () => {
    await expectNasError(() => dartsSplit(data, 1), 'DARTS train portion must be in (0, 1), got 1');
  });
});

describe('takeSubset', () => {
  it('takes a seeded, class-balanced subset in source order', () => {
    const data = indexedDataset(1000);
    const subset = takeSubset(data, 95, 'a');
    const indices = sourceIndices(subset);
    expect(indices).toEqual([...indices].sort((x, y) => x - y));
    const counts = new Array<number>(10).fill(0);
    for (const label of subset.labels) counts[label]! += 1;
    expect(counts).toEqual([10, 10, 10, 10, 10, 9, 9, 9, 9, 9]);
    expect(sourceIndices(takeSubset(data, 95, 'a'))).toEqual(indices);
    expect(sourceIndices(takeSubset(data, 95, 'b'))).not.toEqual(indices);
  });

  it('fills from other classes when one runs out', () => {
    const data = selectRecords(indexedDataset(100), [0, 1, 11, 21, 31, 41], 'skewed');
    expect(takeSubset(data, 5, 1).count).toBe(5);
  });

  it('rejects more records than there are', async () => {
    await expectNasError(() => takeSubset(indexedDataset(10), 11, 0), 'cannot take 11 records from synthetic, which has 10');
  });
});
