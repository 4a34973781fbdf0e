import { describe, expect, it } from 'vitest';
import { computeGrid, incumbentAt, incumbentTrajectory, onGrid } from '../../src/anytime/index.js';
import type { RecordedQuery } from '../../src/black-box/index.js';

const q = (genotype: string, score: number, cost: number, extra: Partial<RecordedQuery> = {}): RecordedQuery => ({
  index: 0,
  genotype,
  score,
  test: null,
  cost,
  bestScore: score,
  bestTest: null,
  ...extra,
});
const truth = (g: string) => ({ val: g.charCodeAt(0), test: g.charCodeAt(0) + 0.5 });

describe('the incumbent of a multi-fidelity search', () => {
  it('is the best at the highest fidelity so far: a higher fidelity wins whatever its score, a stopped training counts at its epochs', () => {
    const t = incumbentTrajectory(
      [
        q('a', 50, 1, { budget: 1 }),
        q('b', 60, 1, { budget: 1 }),
        q('c', 40, 3, { budget: 3 }),
        q('d', 45, 9),
        q('e', 99, 2, { stopped: 2 }),
        q('f', 44, 9),
        q('g', 70, 9),
      ],
      9,
      truth,
    );
    expect(t.points.map((p) => [p.genotype, p.compute])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 5],
      ['d', 14],
      ['g', 34],
    ]);
    expect(t.spent).toBe(34);
    expect(t.queries).toBe(7);
    expect(t.points[0]!.val).toBe(truth('a').val);
  });

  it('is read off a log-spaced grid, null until every seed has one', () => {
    const grid = computeGrid(64, 7);
    expect(grid.map((g) => Math.round(g * 1e9) / 1e9)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    const one = incumbentTrajectory([q('a', 50, 3), q('b', 60, 10)], 9, truth);
    const two = incumbentTrajectory([q('c', 50, 1)], 9, truth);
    expect(incumbentAt(one, 2)).toBeNull();
    expect(incumbentAt(one, 13)!.val).toBe(truth('b').val);
    const { val } = onGrid([one, two], grid);
    expect(val.slice(0, 2)).toEqual([null, null]);
    expect(val[2]!.mean).toBe((truth('a').val + truth('c').val) / 2);
    expect(val[2]!.min).toBe(truth('a').val);
    expect(val[2]!.max).toBe(truth('c').val);
    expect(val[6]!.mean).toBe((truth('b').val + truth('c').val) / 2);
  });
});
