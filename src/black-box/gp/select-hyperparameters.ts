import { GaussianProcess } from './gaussian-process.js';
import { squaredDistances, type KernelName } from './kernel.js';

/** Candidate hyperparameter values, each tried in every combination (in the units of standardised targets). */
export interface HyperparameterGrid {
  readonly lengthscales: readonly number[];
  readonly signalVariances: readonly number[];
  readonly noiseVariances: readonly number[];
}

/**
 * `count` values spaced evenly in log between `lo` and `hi` (both included),
 * e.g. `logSpace(0.1, 10, 3)` is 0.1, 1, 10.
 */
export function logSpace(lo: number, hi: number, count: number): number[] {
  if (!(lo > 0 && hi >= lo && Number.isInteger(count) && count >= 1))
    throw new RangeError(`logSpace needs 0 < lo <= hi and count >= 1, got ${lo}, ${hi}, ${count}`);
  if (count === 1) return [Math.sqrt(lo * hi)];
  return Array.from({ length: count }, (_, i) => lo * (hi / lo) ** (i / (count - 1)));
}

/**
 * The fit of `kernel` whose hyperparameters maximise the log marginal
 * likelihood over `grid` (type-II maximum likelihood, Rasmussen & Williams
 * 2006 sec. 5.4; a grid rather than gradient ascent because the likelihood
 * of a few dozen points is multimodal and a coarse grid is cheap,
 * deterministic and never diverges). Ties go to the first in grid order.
 */
export function fitByMarginalLikelihood(
  x: readonly (readonly number[])[],
  y: readonly number[],
  kernel: KernelName,
  grid: HyperparameterGrid,
): GaussianProcess {
  const d2 = squaredDistances(x, x);
  let best: GaussianProcess | null = null;
  for (const lengthscale of grid.lengthscales) {
    for (const signalVariance of grid.signalVariances) {
      for (const noiseVariance of grid.noiseVariances) {
        const gp = GaussianProcess.fitDistances(x, d2, y, { kernel, lengthscale, signalVariance, noiseVariance });
        if (best === null || gp.logMarginalLikelihood > best.logMarginalLikelihood) best = gp;
      }
    }
  }
  if (best === null) throw new RangeError('the hyperparameter grid is empty');
  return best;
}
