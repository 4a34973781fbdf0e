import { describe, expect, it } from 'vitest';
import { averageRanks, bootstrapCI, kendallTauB, pearson, regret, spearmanRho, topKOverlap } from '../../src/analysis/stats/index.js';
import { createRng } from '../../src/random/index.js';
import { expectNasErrorSync } from '../helpers/expect-nas-error.js';

/*
 * Reference values from scipy 1.10.1 (Debian's python3-scipy), printed by
 * `/usr/bin/python3 -c "$SNIPPET"` with SNIPPET:
 *
 * from scipy import stats
 * cases = {
 *     'noTies': ([0.61, 0.72, 0.55, 0.80, 0.67, 0.59, 0.74, 0.70], [91.2, 93.5, 90.1, 92.8, 93.9, 89.7, 94.4, 92.0]),
 *     'tiesInY': ([3.1, 2.4, 5.6, 4.2, 1.9, 6.3, 3.8, 5.0, 2.7], [2, 1, 3, 3, 1, 4, 2, 3, 2]),
 *     'tiesBoth': ([1, 2, 2, 3, 3, 3, 4, 5, 5, 6], [2, 1, 3, 3, 3, 5, 4, 4, 6, 6]),
 *     'tiesBothNegative': ([0.5, 0.5, 0.7, 0.7, 0.9, 0.2, 0.2, 0.9], [10, 12, 8, 8, 7, 12, 15, 6]),
 *     'modular60': ([(i * 7) % 11 for i in range(60)], [(i * 7) % 11 // 3 + i % 4 for i in range(60)]),
 *     'modular60Weak': ([(i * 7) % 11 for i in range(60)], [(i * 5) % 13 + i % 3 for i in range(60)]),
 * }
 * for name, (x, y) in cases.items():
 *     print(name, repr(stats.kendalltau(x, y).statistic), repr(stats.spearmanr(x, y).statistic), repr(stats.pearsonr(x, y).statistic))
 * print('ranks', list(stats.rankdata([10, 20, 20, 5, 7, 20, 7])))
 */
const range60 = Array.from({ length: 60 }, (_, i) => i);
const cases: Record<string, { x: number[]; y: number[]; tau: number; rho: number; r: number }> = {
  noTies: {
    x: [0.61, 0.72, 0.55, 0.8, 0.67, 0.59, 0.74, 0.7],
    y: [91.2, 93.5, 90.1, 92.8, 93.9, 89.7, 94.4, 92.0],
    tau: 0.5714285714285714,
    rho: 0.7380952380952381,
    r: 0.7783529528690774,
  },
  tiesInY: {
    x: [3.1, 2.4, 5.6, 4.2, 1.9, 6.3, 3.8, 5.0, 2.7],
    y: [2, 1, 3, 3, 1, 4, 2, 3, 2],
    tau: 0.8975274678557507,
    rho: 0.9617692030835674,
    r: 0.9452228484822143,
  },
  tiesBoth: {
    x: [1, 2, 2, 3, 3, 3, 4, 5, 5, 6],
    y: [2, 1, 3, 3, 3, 5, 4, 4, 6, 6],
    tau: 0.75,
    rho: 0.8616352201257862,
    r: 0.8263588797984174,
  },
  tiesBothNegative: {
    x: [0.5, 0.5, 0.7, 0.7, 0.9, 0.2, 0.2, 0.9],
    y: [10, 12, 8, 8, 7, 12, 15, 6],
    tau: -0.9207368843792512,
    rho: -0.9630363567333499,
    r: -0.9375521673436041,
  },
  modular60: {
    x: range60.map((i) => (i * 7) % 11),
    y: range60.map((i) => Math.floor(((i * 7) % 11) / 3) + (i % 4)),
    tau: 0.545960567942276,
    rho: 0.6761464858397591,
    r: 0.6934837204577339,
  },
  modular60Weak: {
    x: range60.map((i) => (i * 7) % 11),
    y: range60.map((i) => ((i * 5) % 13) + (i % 3)),
    tau: -0.03208402327800878,
    rho: -0.03635324713286134,
    r: -0.036554165532010095,
  },
};

/** Tau-b straight from its definition, O(n^2), to check the merge-sort version on data scipy did not see. */
function bruteTauB(x: readonly number[], y: readonly number[]): number {
  let score = 0;
  let untiedX = 0;
  let untiedY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const sx = Math.sign(x[i]! - x[j]!);
      const sy = Math.sign(y[i]! - y[j]!);
      score += sx * sy;
      if (sx !== 0) untiedX++;
      if (sy !== 0) untiedY++;
    }
  }
  return score / Math.sqrt(untiedX * untiedY);
}

/** `n` architectures whose prediction is the truth plus noise of scale `noise`. */
function noisyScores(n: number, noise: number, seed: string): { predicted: number[]; truth: number[] } {
  const rng = createRng(seed);
  const truth = Array.from({ length: n }, () => rng());
  return { truth, predicted: truth.map((t) => t + noise * (rng() - 0.5)) };
}

describe('correlations against scipy', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: kendallTauB, spearmanRho, pearson`, () => {
      expect(kendallTauB(c.x, c.y)).toBeCloseTo(c.tau, 12);
      expect(spearmanRho(c.x, c.y)).toBeCloseTo(c.rho, 12);
      expect(pearson(c.x, c.y)).toBeCloseTo(c.r, 12);
    });
  }

  it('averageRanks gives ties their mean rank, as rankdata does', () => {
    expect(averageRanks([10, 20, 20, 5, 7, 20, 7])).toEqual([4, 6, 6, 1, 2.5, 6, 2.5]);
    expect(averageRanks([])).toEqual([]);
  });

  it('kendallTauB matches the O(n^2) definition on tied data of awkward length', () => {
    const rng = createRng('tau');
    const x = Array.from({ length: 137 }, () => Math.floor(rng() * 9));
    const y = x.map((v) => Math.floor(v / 2 + rng() * 4));
    expect(kendallTauB(x, y)).toBeCloseTo(bruteTauB(x, y), 12);
  });

  it('perfect rankings give 1 and -1 despite ties', () => {
    const x = [1, 1, 2, 3, 3];
    expect(kendallTauB(x, [5, 5, 6, 9, 9])).toBe(1);
    expect(kendallTauB(x, [0, 0, -1, -4, -4])).toBe(-1);
    expect(spearmanRho(x, [5, 5, 6, 9, 9])).toBeCloseTo(1, 14);
  });

  it('is NaN when a side is constant or there are fewer than two pairs', () => {
    for (const f of [kendallTauB, spearmanRho, pearson]) {
      expect(f([0.1, 0.1, 0.1], [1, 2, 3])).toBeNaN();
      expect(f([1, 2, 3], [7, 7, 7])).toBeNaN();
      expect(f([1], [2])).toBeNaN();
      expect(f([], [])).toBeNaN();
    }
  });

  it('rejects unpaired or non-finite scores', () => {
    expectNasErrorSync(() => kendallTauB([1, 2], [1, 2, 3]), 'kendallTauB', 'different lengths');
    expectNasErrorSync(() => pearson([1, Number.NaN], [1, 2]), 'pearson', 'score 1');
    expectNasErrorSync(() => spearmanRho([1, 2], [Number.POSITIVE_INFINITY, 2]), 'score 0');
  });
});

describe('topKOverlap and regret', () => {
  const predicted = [0.9, 0.1, 0.8, 0.3];
  const truth = [90, 70, 85, 95];

  it('topKOverlap counts the shared members of the two top-k sets', () => {
    expect(topKOverlap(predicted, truth, 1)).toBe(0);
    expect(topKOverlap(predicted, truth, 2)).toBe(0.5);
    expect(topKOverlap(predicted, truth, 4)).toBe(1);
    const up = [1, 2, 3, 4, 5];
    const down = [5, 4, 3, 2, 1];
    expect(topKOverlap(down, up, 2)).toBe(0);
    expect(topKOverlap(down, up, 3)).toBeCloseTo(1 / 3, 15);
    expect(topKOverlap(up, up, 2)).toBe(1);
  });

  it('topKOverlap breaks ties at the cut by lower index', () => {
    expect(topKOverlap([1, 1, 1, 0], [0, 5, 4, 3], 1)).toBe(0);
    expect(topKOverlap([1, 1, 1, 0], [0, 5, 4, 3], 2)).toBe(0.5);
  });

  it('topKOverlap rejects a k outside 1..K', () => {
    for (const k of [0, 5, 1.5]) expectNasErrorSync(() => topKOverlap(predicted, truth, k), 'k must be an integer in 1..4');
  });

  it('regret is the true best minus the truth of the predicted best', () => {
    expect(regret(predicted, truth)).toBe(5);
    expect(regret(truth, truth)).toBe(0);
    expect(regret([3, 2, 1], [1, 2, 3])).toBe(2);
  });

  it('regret takes the first of tied predictions', () => {
    expect(regret([2, 5, 5, 1], [1, 3, 7, 4])).toBe(4);
    expectNasErrorSync(() => regret([], []), 'no architectures');
  });
});

describe('bootstrapCI', () => {
  const tauOf =
    ({ predicted, truth }: { predicted: number[]; truth: number[] }) =>
    (idx: number[]) =>
      kendallTauB(
        idx.map((i) => predicted[i]!),
        idx.map((i) => truth[i]!),
      );

  it('is deterministic given the seed', () => {
    const data = noisyScores(40, 0.5, 'det');
    const a = bootstrapCI(tauOf(data), 40, { samples: 200, rng: createRng(7) });
    const b = bootstrapCI(tauOf(data), 40, { samples: 200, rng: createRng(7) });
    const c = bootstrapCI(tauOf(data), 40, { samples: 200, rng: createRng(8) });
    expect(b).toEqual(a);
    expect(c.estimate).toBe(a.estimate);
    expect([c.low, c.high]).not.toEqual([a.low, a.high]);
  });

  it('brackets the estimate of a strong correlation', () => {
    const data = noisyScores(50, 0.2, 'strong');
    const ci = bootstrapCI(tauOf(data), 50, { rng: createRng(1) });
    expect(ci.estimate).toBeCloseTo(kendallTauB(data.predicted, data.truth), 15);
    expect(ci.estimate).toBeGreaterThan(0.7);
    expect(ci.low).toBeGreaterThan(0.5);
    expect(ci.low).toBeLessThan(ci.estimate);
    expect(ci.high).toBeGreaterThan(ci.estimate);
    expect(ci.high).toBeLessThanOrEqual(1);
    expect(ci.resamples + ci.skipped).toBe(1000);
  });

  it('narrows with more architectures and widens with a higher level', () => {
    const width = (n: number, level: number) => {
      const ci = bootstrapCI(tauOf(noisyScores(n, 0.5, 'width')), n, { samples: 400, level, rng: createRng(2) });
      return ci.high - ci.low;
    };
    expect(width(400, 0.95)).toBeLessThan(width(25, 0.95) / 2);
    expect(width(100, 0.99)).toBeGreaterThan(width(100, 0.8));
  });

  it('skips and counts resamples whose statistic is NaN', () => {
    // With two architectures half the resamples draw one of them twice, and tau of a tie is NaN.
    const ci = bootstrapCI(tauOf({ predicted: [1, 2], truth: [3, 4] }), 2, { samples: 200, rng: createRng(3) });
    expect(ci.skipped).toBeGreaterThan(50);
    expect(ci.resamples).toBe(200 - ci.skipped);
    expect(ci).toMatchObject({ estimate: 1, low: 1, high: 1 });
  });

  it('returns NaN, without throwing, for all-equal data', () => {
    const ci = bootstrapCI(tauOf({ predicted: [0.5, 0.5, 0.5, 0.5], truth: [1, 2, 3, 4] }), 4, { samples: 50, rng: createRng(4) });
    expect(ci.estimate).toBeNaN();
    expect(ci.low).toBeNaN();
    expect(ci.high).toBeNaN();
    expect(ci).toMatchObject({ resamples: 0, skipped: 50 });
  });

  it('hands the statistic n indices in range and rejects bad options', () => {
    const seen: number[][] = [];
    bootstrapCI((idx) => (seen.push(idx), idx.length), 5, { samples: 3, rng: createRng(5) });
    expect(seen).toHaveLength(4);
    expect(seen[0]).toEqual([0, 1, 2, 3, 4]);
    for (const idx of seen) expect(idx.every((i) => Number.isInteger(i) && i >= 0 && i < 5) && idx.length === 5).toBe(true);
    const rng = createRng(6);
    expectNasErrorSync(() => bootstrapCI(() => 0, 0, { rng }), 'n must be a positive integer');
    expectNasErrorSync(() => bootstrapCI(() => 0, 3, { samples: 0, rng }), 'samples must be a positive integer');
    expectNasErrorSync(() => bootstrapCI(() => 0, 3, { level: 1, rng }), 'level must be in (0, 1)');
  });
});
