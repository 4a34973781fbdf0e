import type { AnytimeResults, Spread } from './api.js';

/** One contender against the baseline at one compute: the difference of the mean incumbents and its standard error. */
export interface Difference {
  readonly difference: number;
  /** Welch's standard error of the difference, sqrt(s1^2/n1 + s2^2/n2), over the seeds. */
  readonly se: number;
}

/**
 * A contender's curve against the baseline's at equal compute, point by
 * point of the grid (null where either has a seed without an incumbent):
 * the difference of the means over seeds and its standard error (Welch:
 * the seeds of two contenders are independent searches, so the variances
 * add). This is what "beats random search" has to clear: a difference of
 * one or two standard errors is within what another draw of seeds moves.
 */
export function versusBaseline(
  results: AnytimeResults,
  contender: string,
  baseline: string,
  field: 'val' | 'test' = 'val',
): (Difference | null)[] {
  const of = (name: string) => results.contenders.find((c) => c.contender === name)?.[field];
  const [mine, theirs] = [of(contender), of(baseline)];
  if (mine === undefined || theirs === undefined) return results.grid.map(() => null);
  const n = results.seeds;
  return results.grid.map((_, i) => difference(mine[i] ?? null, theirs[i] ?? null, n));
}

function difference(a: Spread | null, b: Spread | null, seeds: number): Difference | null {
  if (a === null || b === null) return null;
  return { difference: a.mean - b.mean, se: Math.sqrt((a.std ** 2 + b.std ** 2) / seeds) };
}
