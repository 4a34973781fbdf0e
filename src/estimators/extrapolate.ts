import { NasError } from '../errors.js';
import { extrapolateCurve } from '../fidelity/index.js';
import { canonicalString } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import { budgetEpochs } from './budget.js';
import type { Budget, BudgetDimensions, Estimate, Estimator } from './api.js';

/**
 * Learning-curve extrapolation as a cheap estimator (Domhan et al. 2015;
 * Baker et al. 2017 use such predictions to rank architectures): the inner
 * estimator (a table with per-epoch curves, or retrain) is asked for
 * `epochs` epochs of training and the answer is the curve's predicted score
 * after the inner recipe's last epoch (`extrapolateCurve`), at the cost of
 * what was trained. Asked at a budget (Hyperband, BOHB), the inner
 * estimator trains that many epochs instead and the prediction is made from
 * them, so successive halving ranks each round by predicted final scores.
 * A prediction is not a measurement: the inner `test` is not passed on.
 */
export class ExtrapolateEstimator implements Estimator {
  readonly name: string;

  constructor(
    private readonly inner: Estimator,
    readonly epochs: number,
  ) {
    const max = inner.maxEpochs;
    if (max === undefined)
      throw new NasError(
        `extrapolate: needs an estimator that answers budgets (a table with per-epoch curves, or retrain); ${inner.name} does not`,
      );
    if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= max))
      throw new NasError(`extrapolate:${epochs}: the epochs must be a whole number from 1 to the recipe's ${max} (${inner.name})`);
    this.name = `extrapolate:${epochs}:${inner.name}`;
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
    const target = this.inner.maxEpochs!;
    const epochs = budget === undefined ? this.epochs : budgetEpochs(this.name, budget, target);
    // A budget's other dimensions (fewer images ...) go to the inner training as asked.
    const answer = await this.inner.estimate(genotype, { ...budget, epochs });
    if (answer.curve === undefined || answer.curve.length !== epochs)
      throw new NasError(`${this.inner.name} gave no learning curve for ${canonicalString(genotype)} after ${epochs} epochs`);
    // The whole recipe trained: a measurement, nothing to predict.
    if (epochs === target) return answer;
    return { score: extrapolateCurve(answer.curve, target).mean, cost: answer.cost, curve: answer.curve };
  }

  beginSearch(): void {
    this.inner.beginSearch?.();
  }

  observe(genotype: Genotype, estimate: Estimate, budget?: Budget): void {
    this.inner.observe?.(genotype, estimate, { ...budget, epochs: budget?.epochs ?? this.epochs });
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}
