import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random/index.js';
import { perfectRankerTau } from '../../src/table/ceiling-model.js';

function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Seed pairs drawn from the model itself: true accuracy sd `t`, seed noise sd `e`. */
function pairs(n: number, t: number, e: number, seed: string): [number, number][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const truth = 80 + gaussian(rng) * t;
    return [truth + gaussian(rng) * e, truth + gaussian(rng) * e];
  });
}

describe('perfectRankerTau', () => {
  it('recovers the model it was fitted on', () => {
    const pr = perfectRankerTau(pairs(2000, 1, 0.7, 'fit'), 2, 5)!;
    expect(pr.trueSd).toBeCloseTo(1, 1);
    expect(pr.noiseSd).toBeCloseTo(0.7, 1);
  });

  it('matches the Gaussian closed form (2/pi) asin(r) of the fitted model', () => {
    for (const [e, seeds] of [
      [0.5, 1],
      [1, 2],
      [1.5, 4],
    ] as const) {
      const pr = perfectRankerTau(pairs(400, 1, e, `cf${e}`), seeds, 60)!;
      const r = pr.trueSd / Math.sqrt(pr.trueSd ** 2 + pr.noiseSd ** 2 / seeds);
      expect(Math.abs(pr.tau - (2 / Math.PI) * Math.asin(r))).toBeLessThan(0.02);
      expect(pr.lo).toBeLessThanOrEqual(pr.tau);
      expect(pr.hi).toBeGreaterThanOrEqual(pr.tau);
    }
  });

  it('is 1 without seed noise and rises with the seeds averaged', () => {
    const exact = perfectRankerTau(
      Array.from({ length: 50 }, (_, i) => [i, i] as [number, number]),
      2,
    )!;
    expect(exact.tau).toBe(1);
    const noisy = pairs(300, 1, 1, 'seeds');
    expect(perfectRankerTau(noisy, 4)!.tau).toBeGreaterThan(perfectRankerTau(noisy, 1)!.tau + 0.05);
  });

  it('simulates over as many architectures as asked: the same expected tau, a wider interval over fewer', () => {
    const p = pairs(1000, 1, 0.7, 'archs');
    const all = perfectRankerTau(p, 2, 100)!;
    const sample = perfectRankerTau(p, 2, 100, 200)!;
    expect(Math.abs(sample.tau - all.tau)).toBeLessThan(0.02);
    expect(sample.hi - sample.lo).toBeGreaterThan(1.5 * (all.hi - all.lo));
    expect(perfectRankerTau(p, 2, 100, 1)).toBeNull();
  });

  it('is deterministic, and null where the seeds share no signal', () => {
    const p = pairs(100, 1, 0.5, 'det');
    expect(perfectRankerTau(p, 2)).toEqual(perfectRankerTau(p, 2));
    expect(
      perfectRankerTau(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        2,
      ),
    ).toBeNull();
    expect(perfectRankerTau([[1, 1]], 2)).toBeNull();
  });
});
