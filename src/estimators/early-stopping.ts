import { NasError } from '../errors.js';
import { checkEarlyStopRule, type EarlyStopRule, earlyStopDecision } from '../fidelity/index.js';
import { canonicalString } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import type { Budget, Estimate, Estimator } from './api.js';

/**
 * Learning-curve early stopping around an estimator that trains epoch by
 * epoch (Domhan, Springenberg & Hutter, IJCAI 2015): a query trains its
 * architecture one epoch at a time (the inner estimator asked at rising
 * budgets, each continuing the same training) and, from the rule's minimum
 * on, stops it once the predicted final score is unlikely (P < threshold)
 * to beat the incumbent: the best final score this search has seen. A
 * stopped query answers the prediction's mean (what Domhan et al. hand
 * back to the optimizer) with `stoppedAt` set, and costs the epochs it
 * really trained; its training keeps its checkpoint, so a later larger
 * budget continues it. Only completed trainings move the incumbent. An
 * architecture the search asks again gets its first answer again at no
 * cost: a stopped training is not revisited (Domhan et al. decide once).
 *
 * The decision is a pure function of the curve and the incumbent, and the
 * incumbent is rebuilt from the answers a resumed search replays
 * (`observe`), so a killed search resumes to the same decisions. The inner
 * estimator must continue its trainings (`continuesTrainings`: the retrain
 * estimator, a table charging seconds), or the epochs would be paid again.
 */
export class EarlyStoppingEstimator implements Estimator {
  readonly name: string;
  readonly continuesTrainings = true;
  private readonly rule: EarlyStopRule;
  private incumbent: number | null = null;
  /** This search's answers by canonical string: an architecture asked again gets its answer again, at no cost. */
  private readonly answers = new Map<string, Estimate>();

  constructor(
    private readonly inner: Estimator,
    rule: EarlyStopRule,
  ) {
    this.rule = checkEarlyStopRule(rule);
    if (inner.maxEpochs === undefined || inner.continuesTrainings !== true)
      throw new NasError(
        `--early-stop extrapolate needs an estimator that trains epoch by epoch and continues its trainings (retrain, or a table with per-epoch curves charging seconds); ${inner.name} does not`,
      );
    if (this.rule.minEpochs >= inner.maxEpochs)
      throw new NasError(
        `--early-stop-min-epochs ${this.rule.minEpochs} leaves no epoch to stop before the recipe's ${inner.maxEpochs} (${inner.name})`,
      );
    this.name = `${inner.name} (early stop: P < ${this.rule.threshold} after ${this.rule.minEpochs}+ epochs)`;
  }

  get space() {
    return this.inner.space;
  }

  async estimate(genotype: Genotype, budget?: Budget): Promise<Estimate> {
    if (budget !== undefined)
      throw new NasError(
        '--early-stop and budgets (hyperband, bohb) do not combine: successive halving already decides which trainings go on',
      );
    const key = canonicalString(genotype);
    const known = this.answers.get(key);
    if (known !== undefined) return { ...known, cost: 0 };
    const answer = await this.decide(genotype);
    this.answers.set(key, answer);
    return answer;
  }

  private async decide(genotype: Genotype): Promise<Estimate> {
    const target = this.inner.maxEpochs!;
    let cost = 0;
    // Without an incumbent nothing can be stopped: train to the end in one call.
    for (let epochs = this.incumbent === null ? target : this.rule.minEpochs; ; epochs++) {
      const answer = await this.inner.estimate(genotype, { epochs });
      cost += answer.cost;
      if (answer.curve === undefined || answer.curve.length !== epochs)
        throw new NasError(`${this.inner.name} gave no learning curve for ${canonicalString(genotype)} after ${epochs} epochs`);
      const stop = earlyStopDecision(answer.curve, target, this.incumbent, this.rule);
      if (stop !== null) return { score: stop.prediction.mean, cost, curve: answer.curve, stoppedAt: stop.epochs };
      if (epochs >= target) {
        this.see(answer.score);
        return { ...answer, cost };
      }
    }
  }

  private see(score: number): void {
    if (this.incumbent === null || score > this.incumbent) this.incumbent = score;
  }

  beginSearch(): void {
    this.incumbent = null;
    this.answers.clear();
    this.inner.beginSearch?.();
  }

  observe(genotype: Genotype, estimate: Estimate): void {
    const key = canonicalString(genotype);
    if (this.answers.has(key)) return;
    this.answers.set(key, estimate);
    if (estimate.stoppedAt === undefined) this.see(estimate.score);
    this.inner.observe?.(genotype, estimate, { epochs: estimate.stoppedAt ?? this.inner.maxEpochs! });
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}
