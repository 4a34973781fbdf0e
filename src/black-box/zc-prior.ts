import { NasError } from '../errors.js';
import type { Estimator } from '../estimators/api.js';
import type { Genotype } from '../space/api.js';

/** Makes the estimator whose score is the prior (a zero-cost proxy: `zc:synflow`); loaded once per run, disposed after it. */
export type PriorLoader = () => Promise<Estimator>;

/** Standardised prior features are clipped to this many standard deviations (a dead network's log synflow is -Infinity). */
const CLIP = 3;

/**
 * A cheap score as one more input of BO's surrogate: the GP sees the
 * one-hot encoding plus `weight * z`, where z is the prior score
 * standardised by the mean and spread of the first queried (random)
 * architectures' priors, frozen at the first fit so every fit sees the same
 * features. Architectures with close zero-cost scores then count as close,
 * so before the GP has data in a region it extrapolates from the proxy
 * (zero-cost proxies as a BO prior: White et al., "How Powerful are
 * Performance Predictors in Neural Architecture Search?", NeurIPS 2021;
 * Abdelfattah et al., ICLR 2021, warm-start search with synflow). The
 * proxy's cost is not counted against the query budget: it is seconds where
 * a query is a training. Scores are cached per architecture key.
 */
export class PriorFeature {
  private readonly cache = new Map<string, number>();
  private scale: { mean: number; sd: number } | null = null;

  private constructor(
    private readonly estimator: Estimator,
    readonly weight: number,
  ) {}

  static async load(loader: PriorLoader, weight: number): Promise<PriorFeature> {
    if (!(Number.isFinite(weight) && weight > 0)) throw new NasError(`--prior-weight must be a number > 0, got ${weight}`);
    return new PriorFeature(await loader(), weight);
  }

  /** The prior's raw score of an architecture (cached by `key`). */
  async raw(key: string, genotype: Genotype): Promise<number> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const { score } = await this.estimator.estimate(genotype);
    this.cache.set(key, score);
    return score;
  }

  /** Fix the standardisation from these raw scores (the random initial queries'); later calls keep the first. */
  freeze(raws: readonly number[]): void {
    if (this.scale !== null) return;
    const finite = raws.filter(Number.isFinite);
    const mean = finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : 0;
    const variance = finite.length > 1 ? finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (finite.length - 1) : 0;
    this.scale = { mean, sd: variance > 0 ? Math.sqrt(variance) : 1 };
  }

  /** The surrogate's extra input for a raw score: `weight * z`, z clipped to +-3. */
  feature(raw: number): number {
    if (this.scale === null) throw new Error('PriorFeature.feature before freeze');
    const z = Number.isNaN(raw) ? 0 : (raw - this.scale.mean) / this.scale.sd;
    return this.weight * Math.max(-CLIP, Math.min(CLIP, z));
  }

  dispose(): void {
    this.estimator.dispose?.();
  }
}
