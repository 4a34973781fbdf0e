import { kendallTauB } from '../analysis/stats/index.js';
import { createRng, type Rng } from '../random/index.js';

/**
 * The Kendall tau an estimator that knew every architecture's true accuracy
 * would reach against the table's seed mean: the most any estimator (a
 * supernet, a proxy) can be expected to score against this table. The seed
 * tau (one training against another) answers a different question, how well
 * one more training would rank, and sits lower, since both sides are noisy.
 *
 * Model: a run's val is the architecture's true accuracy plus independent
 * Gaussian seed noise. Two seeds identify both parts: the true accuracies'
 * variance is the covariance of the two seeds over architectures, the noise
 * variance what remains of each seed's variance. The tau is then simulated
 * (seeded, so `nas table info` prints the same line every time) with the
 * table's number of architectures and seeds per architecture.
 */
export interface PerfectRanker {
  /** Mean simulated tau and the 2.5% / 97.5% quantiles over the draws. */
  readonly tau: number;
  readonly lo: number;
  readonly hi: number;
  /** The fitted model, val in points. */
  readonly trueSd: number;
  readonly noiseSd: number;
  readonly seeds: number;
}

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/**
 * Fits the model to paired seed vals and simulates the perfect ranker's tau
 * against the mean of `seeds` runs, over `draws` tables of `archs`
 * architectures (default: as many as the pairs; fewer, as a study measures
 * tau over a sample, widen the interval). Null when the seeds do not covary positively (no signal to
 * model: the table ranks nothing).
 */
export function perfectRankerTau(
  pairs: readonly (readonly [number, number])[],
  seeds: number,
  draws = 100,
  archs = pairs.length,
): PerfectRanker | null {
  const n = pairs.length;
  if (n < 3 || seeds < 1 || archs < 2) return null;
  const m1 = pairs.reduce((a, p) => a + p[0], 0) / n;
  const m2 = pairs.reduce((a, p) => a + p[1], 0) / n;
  const cov = pairs.reduce((a, p) => a + (p[0] - m1) * (p[1] - m2), 0) / (n - 1);
  const v1 = pairs.reduce((a, p) => a + (p[0] - m1) ** 2, 0) / (n - 1);
  const v2 = pairs.reduce((a, p) => a + (p[1] - m2) ** 2, 0) / (n - 1);
  const noiseVar = Math.max(0, (v1 + v2) / 2 - cov);
  if (!(cov > 0)) return null;
  const [trueSd, noiseSd] = [Math.sqrt(cov), Math.sqrt(noiseVar)];
  const rng = createRng('table/perfect-ranker');
  const taus: number[] = [];
  for (let d = 0; d < draws; d++) {
    const truth = Array.from({ length: archs }, () => gaussian(rng) * trueSd);
    const mean = truth.map((t) => {
      let s = 0;
      for (let k = 0; k < seeds; k++) s += t + gaussian(rng) * noiseSd;
      return s / seeds;
    });
    taus.push(kendallTauB(truth, mean));
  }
  taus.sort((a, b) => a - b);
  const q = (p: number) => taus[Math.min(draws - 1, Math.max(0, Math.round(p * (draws - 1))))]!;
  return { tau: taus.reduce((a, b) => a + b, 0) / draws, lo: q(0.025), hi: q(0.975), trueSd, noiseSd, seeds };
}
