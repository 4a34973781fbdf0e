import type { AnytimeTrajectory, Spread } from './api.js';

/** `points` computes from `compute` / 64 to `compute`, evenly spaced on a log scale (anytime curves span orders of magnitude). */
export function computeGrid(compute: number, points: number): number[] {
  if (points === 1) return [compute];
  return Array.from({ length: points }, (_, i) => compute * 64 ** (i / (points - 1) - 1));
}

/** The incumbent of a seed after spending `compute` (its last change at or before it), or null before its first. */
export function incumbentAt(trajectory: AnytimeTrajectory, compute: number): { val: number; test: number } | null {
  let at: { val: number; test: number } | null = null;
  // A float sum of costs may land a hair above the grid point it should reach.
  for (const p of trajectory.points) if (p.compute <= compute * (1 + 1e-12)) at = p;
  return at;
}

export function spread(values: readonly number[]): Spread {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, std, min: Math.min(...values), max: Math.max(...values) };
}

/**
 * The seeds' incumbents on the grid: at each compute, the spread over seeds
 * of the incumbent's val and test, or null where a seed has none yet (a
 * mean over only the seeds that got there early would flatter the curve).
 */
export function onGrid(seeds: readonly AnytimeTrajectory[], grid: readonly number[]): { val: (Spread | null)[]; test: (Spread | null)[] } {
  const val: (Spread | null)[] = [];
  const test: (Spread | null)[] = [];
  for (const c of grid) {
    const at = seeds.map((s) => incumbentAt(s, c));
    const all = at.every((a) => a !== null);
    val.push(all ? spread(at.map((a) => a!.val)) : null);
    test.push(all ? spread(at.map((a) => a!.test)) : null);
  }
  return { val, test };
}
