import { NasError } from '../errors.js';
import { EstimateStopped, type Budget, type BudgetDimensions, type Estimate, type Estimator } from '../estimators/api.js';
import { budgetDimensionsOf, describeBudget } from '../estimators/budget.js';
import { canonicalString } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import type { Query } from './api.js';

/** A query as a history line keeps it: `stopped` is the epochs of a training stopped early (`Estimate.stoppedAt`). */
export type RecordedQuery = Query & { readonly stopped?: number };

/** Thrown before a new query once a seed has spent its compute budget: the seed ends with the history it has. */
export class ComputeSpent extends Error {
  constructor(spent: number) {
    super(`compute budget spent (${spent})`);
  }
}

/**
 * Answers the queries a run already made from its history (checking the
 * strategy asks the same architectures in the same order: strategies are
 * deterministic given their seed and the answers), then asks the estimator.
 * A new search (`beginSearch`) starts on the inner estimator when this is
 * made, and every replayed answer is shown to it (`observe`), so estimators
 * with per-search state (an early-stopping incumbent, the epochs trained so
 * far) stand where they stood. With a compute budget, a new query is refused
 * (`ComputeSpent`) once the seed's costs reach it.
 */
export class ReplayEstimator implements Estimator {
  private asked = 0;
  private spent = 0;
  /** The last answer given, so that its history line can say it was stopped early. */
  last: { readonly genotype: string; readonly estimate: Estimate } | null = null;

  constructor(
    private readonly inner: Estimator,
    private readonly recorded: readonly RecordedQuery[],
    private readonly where: string,
    private readonly shouldStop: () => boolean,
    private readonly computeBudget = Number.POSITIVE_INFINITY,
  ) {
    inner.beginSearch?.();
  }

  get name(): string {
    return this.inner.name;
  }

  get space() {
    return this.inner.space;
  }

  get maxEpochs(): number | undefined {
    return this.inner.maxEpochs;
  }

  get continuesTrainings(): boolean | undefined {
    return this.inner.continuesTrainings;
  }

  get budgetMaxima(): BudgetDimensions | undefined {
    return this.inner.budgetMaxima;
  }

  async estimate(genotype: Genotype, budget?: Budget): Promise<Estimate> {
    const i = this.asked;
    const old = this.recorded[i];
    const key = canonicalString(genotype);
    if (old !== undefined) {
      const was = describeBudget(old.budget, old.dimensions);
      const now = describeBudget(budget?.epochs, budgetDimensionsOf(budget));
      if (key !== old.genotype || was !== now)
        throw new NasError(
          `cannot resume ${this.where}: query ${i} was ${old.genotype}${was !== '' ? ` at ${was}` : ''}, the strategy now asks ${key}${now !== '' ? ` at ${now}` : ''} (another strategy, space or toolkit version?)`,
        );
      this.asked++;
      const estimate: Estimate = {
        score: old.score,
        cost: old.cost,
        ...(old.test !== null ? { test: old.test } : {}),
        ...(old.stopped !== undefined ? { stoppedAt: old.stopped } : {}),
      };
      this.inner.observe?.(genotype, estimate, budget);
      return this.answered(key, estimate);
    }
    if (this.shouldStop()) throw new EstimateStopped(key);
    if (this.spent >= this.computeBudget) throw new ComputeSpent(this.spent);
    this.asked++;
    return this.answered(key, await this.inner.estimate(genotype, budget));
  }

  private answered(genotype: string, estimate: Estimate): Estimate {
    this.spent += estimate.cost;
    this.last = { genotype, estimate };
    return estimate;
  }
}
