import { normalCdf, normalPdf } from './normal.js';

/**
 * Expected improvement over `best` of a Gaussian belief N(mean, variance)
 * about a score to maximise (Jones, Schonlau & Welch 1998):
 * EI = (mean - best - xi) Phi(z) + sigma phi(z), z = (mean - best - xi) / sigma.
 * The margin `xi >= 0` discounts small expected gains and so leans towards
 * exploration (Lizotte 2008). With no variance it is the plain gain, clipped at 0.
 */
export function expectedImprovement(mean: number, variance: number, best: number, xi = 0): number {
  if (!(xi >= 0)) throw new RangeError(`xi must be >= 0, got ${xi}`);
  const gain = mean - best - xi;
  const sigma = Math.sqrt(Math.max(0, variance));
  if (sigma === 0) return Math.max(0, gain);
  const z = gain / sigma;
  return gain * normalCdf(z) + sigma * normalPdf(z);
}
