import { describe, expect, it } from 'vitest';
import { type AnytimeResults, anytimeLines, spread, versusBaseline } from '../../src/anytime/index.js';

const spreadOf = (xs: number[]) => spread(xs);
/** Two grid points; random's seeds end at 80, 81, 82, 83; hyperband's at 81, 82, 83, 84; bohb has a seed without an incumbent at first. */
const results: AnytimeResults = {
  table: 't.json',
  seeds: 4,
  compute: 100,
  grid: [50, 100],
  optimum: { val: 90, test: 90 },
  contenders: [
    { contender: 'random', val: [spreadOf([79, 80, 81, 82]), spreadOf([80, 81, 82, 83])], test: [null, null], queries: 4, spent: 100 },
    { contender: 'hyperband', val: [spreadOf([79, 80, 81, 82]), spreadOf([81, 82, 83, 84])], test: [null, null], queries: 9, spent: 100 },
    { contender: 'bohb', val: [null, spreadOf([80, 80, 80, 80])], test: [null, null], queries: 9, spent: 100 },
  ],
};

describe('a contender against random search at equal compute', () => {
  it("is the difference of the means with Welch's standard error, null where a seed has no incumbent", () => {
    const hb = versusBaseline(results, 'hyperband', 'random');
    expect(hb[0]).toEqual({ difference: 0, se: expect.closeTo(Math.sqrt((2 * (5 / 3)) / 4), 12) });
    expect(hb[1]!.difference).toBeCloseTo(1, 12);
    // Both sample variances are 5/3 (1, 2, 3, 4 about 2.5): se = sqrt((5/3 + 5/3) / 4).
    expect(hb[1]!.se).toBeCloseTo(Math.sqrt(10 / 3 / 4), 12);
    const bohb = versusBaseline(results, 'bohb', 'random');
    expect(bohb[0]).toBeNull();
    expect(bohb[1]!.difference).toBeCloseTo(-1.5, 12);
    expect(bohb[1]!.se).toBeCloseTo(Math.sqrt(5 / 3 / 4), 12);
    expect(versusBaseline(results, 'annealing', 'random')).toEqual([null, null]);
  });

  it('is printed by nas anytime beside the curves', () => {
    const lines = anytimeLines(results);
    const at = lines.findIndex((l) => l.startsWith("val minus random's at equal compute"));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^seconds\s+hyperband\s+bohb$/);
    expect(lines[at + 3]).toMatch(/^100\s+\+1\.00 ± 0\.91\s+-1\.50 ± 0\.65$/);
    // The test columns: every test spread is null here, so no difference.
    expect(lines[at + 4]).toBe("test minus random's at equal compute (difference of the means ± its standard error over seeds):");
    expect(lines[at + 7]).toMatch(/^100\s+-\s+-$/);
  });
});
