import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { NasError } from '../errors.js';
import { resolveRetrainConfig, runRetrain, type RetrainRequest, type RetrainResult } from '../retrain/index.js';
import { runFile } from '../runs/index.js';
import { createRng } from '../random/index.js';
import { canonicalString, genotypeHash, sampleGenotype, validateGenotype } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import { inheritFromParent, type Lineage } from '../morph/index.js';
import type { FixedNetwork } from '../supernet/index.js';
import { DATASET_SHAPES, type DatasetName } from '../data/api.js';
import { EstimateStopped, type Budget, type BudgetDimensions, type Estimate, type Estimator } from './api.js';
import { budgetEpochs, dimensionsSuffix, reducedDimensions } from './budget.js';
import { loggedEpochs, trainToEpoch } from './retrain-budget.js';

/** The retraining settings of every query (the genotype is the query's). */
export type RetrainEstimatorRequest = Omit<RetrainRequest, 'genotype' | 'source' | 'inherit'>;

/**
 * Stand-alone training as an estimator: the expensive ground truth. Each
 * architecture is trained from scratch by the Evaluator with the same short
 * recipe and scored on images held out of the training split (`holdout`,
 * default 5,000), never the test split. Each query is a retraining run
 * directory `<dir>/<genotype hash>/`: a query asked again reads its
 * `result.json`, one that was interrupted resumes from its checkpoint. The
 * cost of a query is the logged seconds of the epochs of that training this
 * search has not been charged for yet: an architecture asked again costs 0,
 * and a query that resumes a training killed before it answered pays for
 * the epochs trained before the kill too (a resumed search learns what it
 * was charged from its replayed answers, `observe`). Each new search
 * (`beginSearch`: a seed of a black-box run) is charged afresh.
 *
 * Asked at a budget of e epochs (at most the recipe's), the training stops after
 * epoch e with its checkpoint (`trainToEpoch`: the recipe's cosine schedule
 * over all its epochs), scores the held-out accuracy logged after epoch e,
 * and costs the seconds of the epochs not charged yet: a larger budget
 * later continues the same run instead of starting again. A budget of fewer
 * images, smaller images or fewer channels (`budgetMaxima`) is a training of
 * its own (its run directory named by them), continued only by budgets of
 * the same images, size and width.
 */
export class RetrainEstimator implements Estimator {
  readonly name = 'retrain';
  private readonly request: RetrainEstimatorRequest;
  /** The recipe's epochs: the largest budget answered. */
  readonly maxEpochs: number;
  /** A larger budget continues the run directory's training and pays only for its new epochs (`trainToEpoch`). */
  readonly continuesTrainings = true;
  /** The epochs this search has been charged for, by run directory (Infinity: all a finished run logged). */
  private readonly charged = new Map<string, number>();

  constructor(
    readonly space: SearchSpace,
    /** Where the per-architecture run directories go. */
    readonly dir: string,
    request: RetrainEstimatorRequest = {},
    private readonly shouldStop?: () => boolean,
  ) {
    this.request = { holdout: 5000, ...request };
    // Settle bad settings before the first query, not inside it.
    const recipe = resolveRetrainConfig({ ...this.request, genotype: sampleGenotype(space, createRng('check')), source: 'check' });
    this.maxEpochs = recipe.epochs;
    const channels = 'channels' in recipe.skeleton ? recipe.skeleton.channels : undefined;
    this.budgetMaxima = {
      // Fewer images are a part of a known number: the recipe's --retrain-train-limit.
      ...(recipe.trainLimit !== null ? { images: recipe.trainLimit } : {}),
      imageSize: recipe.imageSize ?? DATASET_SHAPES[recipe.dataset as DatasetName].image[0],
      ...(channels !== undefined ? { channels } : {}),
    };
  }

  /**
   * Budgets may also ask fewer training images (when the recipe sets how
   * many), smaller images, or fewer initial channels (cell networks): each
   * distinct shape is its own training, `<genotype hash>-i<images>-s<size>-c<channels>`
   * beside the recipe's `<genotype hash>`, so a larger budget in epochs
   * continues a checkpoint only when its images, size and width are that
   * training's (other data or another network cannot continue it).
   */
  readonly budgetMaxima: BudgetDimensions;

  async estimate(genotype: Genotype, budget?: Budget): Promise<Estimate> {
    const checked = validateGenotype(this.space, genotype);
    // null: no budget asked, the estimator as it always was (the whole recipe, its result.json).
    const epochs = budget === undefined ? null : budgetEpochs(this.name, budget, this.maxEpochs);
    const reduced = reducedDimensions(this.name, budget, this.budgetMaxima);
    const out = join(this.dir, `${genotypeHash(checked)}${dimensionsSuffix(reduced)}`);
    const done = runFile(out, 'result');
    if (epochs === null && existsSync(done))
      return this.estimateOf(JSON.parse(readFileSync(done, 'utf8')) as RetrainResult, checked, this.charge(out, null));
    const resume = existsSync(runFile(out, 'checkpoint'));
    // A training killed before its first checkpoint leaves a directory with nothing to resume: start it again.
    if (!resume && existsSync(out)) rmSync(out, { recursive: true, force: true });
    const descent = this.morphs?.lineage.of(checked);
    if (descent && epochs !== null) throw new NasError('budgets (hyperband, bohb) and --inherit morph do not combine');
    const config = resolveRetrainConfig({
      ...this.request,
      ...(reduced.images !== undefined ? { trainLimit: reduced.images } : {}),
      ...(reduced.imageSize !== undefined ? { imageSize: reduced.imageSize } : {}),
      ...(reduced.channels !== undefined ? { channels: reduced.channels } : {}),
      ...(descent ? { epochs: this.morphs!.childEpochs } : {}),
      genotype: checked,
      source: descent ? `morph:${canonicalString(descent.parent)}:${descent.step.morphism}` : `estimator:${canonicalString(checked)}`,
    });
    const initWeights = descent
      ? (net: FixedNetwork) => inheritFromParent(join(this.dir, genotypeHash(descent.parent)), descent.step, net, config.seed)
      : undefined;
    if (epochs !== null) {
      const reached = await trainToEpoch(out, resume ? null : config, epochs, this.shouldStop);
      if (reached === null) throw new EstimateStopped(canonicalString(checked));
      return { ...reached, cost: this.charge(out, epochs) };
    }
    const outcome = await runRetrain(resume ? null : config, {
      out,
      resume,
      ...(this.shouldStop ? { shouldStop: this.shouldStop } : {}),
      ...(initWeights ? { initWeights } : {}),
    });
    if (outcome.stopped || outcome.result === null) throw new EstimateStopped(canonicalString(checked));
    return this.estimateOf(outcome.result, checked, this.charge(out, null));
  }

  /** The logged seconds of `out`'s epochs up to `epochs` (null: all) not charged yet, now charged. */
  private charge(out: string, epochs: number | null): number {
    const target = epochs ?? Number.POSITIVE_INFINITY;
    const prior = this.charged.get(out) ?? 0;
    if (target > prior) this.charged.set(out, target);
    const seconds = loggedEpochs(out).seconds;
    return seconds.slice(Math.min(prior, seconds.length), Math.min(target, seconds.length)).reduce((s, x) => s + x, 0);
  }

  beginSearch(): void {
    this.charged.clear();
  }

  observe(genotype: Genotype, estimate: Estimate, budget?: Budget): void {
    const reduced = dimensionsSuffix(reducedDimensions(this.name, budget, this.budgetMaxima));
    const out = join(this.dir, `${genotypeHash(validateGenotype(this.space, genotype))}${reduced}`);
    const epochs = budget?.epochs ?? estimate.stoppedAt ?? Number.POSITIVE_INFINITY;
    if (epochs > (this.charged.get(out) ?? 0)) this.charged.set(out, epochs);
  }

  /**
   * Lamarckian inheritance (Elsken et al. 2019): an architecture the lineage
   * records as a morphed child starts from its parent's trained weights
   * (the parent's run directory here) and trains `childEpochs` epochs.
   */
  private morphs: { lineage: Lineage; childEpochs: number } | undefined;

  inheritMorphs(lineage: Lineage, childEpochs: number): void {
    if (!(Number.isInteger(childEpochs) && childEpochs >= 1))
      throw new NasError(`--child-epochs must be a positive integer, got ${childEpochs}`);
    this.morphs = { lineage, childEpochs };
  }

  private estimateOf(result: RetrainResult, genotype: Genotype, cost: number): Estimate {
    if (result.genotype !== canonicalString(genotype))
      throw new NasError(`${this.dir}: the run for ${canonicalString(genotype)} holds ${result.genotype}`);
    return { score: 100 * result.test_acc, cost };
  }
}
