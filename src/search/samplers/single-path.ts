import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../../data/api.js';
import { createRng } from '../../random/index.js';
import { sampleGenotype, validateGenotype } from '../../space/index.js';
import type { Genotype } from '../../space/api.js';
import type { SampledMode, Supernet } from '../../supernet/api.js';
import type { SearchContext, StepMetrics, Strategy } from '../api.js';
import { z } from 'zod';
import { crossEntropy } from '../../train/loss.js';
import { NamedOptimizers } from '../../train/optim/index.js';
import { type EvaluationTotals, summarise } from '../../train/evaluate.js';
import { readTogether } from '../../train/read-back.js';
import { GradientSum, classifierStep, type StepScalars } from '../../train/step.js';
import { WeightTrainer } from '../../train/weight-trainer.js';
import { optimizerStateSchema, parseState, progressStateSchema } from '../state.js';
import { SAMPLER_DEFAULTS, type SamplerOptions } from './options.js';
import { scoreOnBatches, scoreTotals } from './score.js';
import { sampleComputation } from './unique-computations.js';

interface Bound {
  readonly supernet: Supernet;
  readonly context: SearchContext;
  readonly optim: NamedOptimizers<{ weights: WeightTrainer }>;
}

/** Plain state of a sampler beyond its tensors (the step count seeds each step's sample). */
export const samplerStateSchema = progressStateSchema.extend({
  weights: optimizerStateSchema,
  // A genotype as JSON; validated against the space on restore.
  best: z.looseObject({ space: z.string() }).nullable(),
  bestAcc: z.number().nullable(),
  /** Per group, `[row][option]`: the training steps each option ran in (absent in older checkpoints). */
  sampled: z.record(z.string(), z.array(z.array(z.number()))).default({}),
});
type SamplerState = z.output<typeof samplerStateSchema>;

/**
 * What SPOS, path dropout and other samplers share: each step trains the
 * shared weights on the train batch through one sampled sub-network only
 * (ops that did not run get no gradient, so no update, as in PyTorch), and
 * reports that sub-network's loss on the val batch; no architecture
 * parameters are learnt. At each epoch's end `candidates` random
 * architectures (and the best so far) are scored on the run's fixed val
 * batches with the shared weights, by default with BatchNorm re-calibrated
 * on fixed train batches (the rule `nas bias` judges a supernet by), and the
 * best becomes the derived genotype (ENAS's and SPOS's "sample many, keep the
 * best on validation").
 * Every random draw is seeded by the run's seed and the step or epoch, so
 * runs repeat and resume exactly.
 */
export abstract class SinglePathStrategy implements Strategy {
  abstract readonly name: string;
  readonly options: SamplerOptions;
  private bound: Bound | null = null;
  private epoch = 0;
  private stepCount = 0;
  private best: Genotype | null = null;
  private bestAcc: number | null = null;
  private sampled: Record<string, number[][]> = {};

  constructor(options: Partial<SamplerOptions> = {}) {
    this.options = { ...SAMPLER_DEFAULTS, ...options };
  }

  protected get b(): Bound {
    if (!this.bound) throw new Error(`${this.name} strategy used before setup()`);
    return this.bound;
  }

  /**
   * The sub-networks step `step` (0-based over the run) trains, drawn from
   * `rng`: one for SPOS, path dropout and ENAS; FairNAS's k paths that
   * together run every op once. Their gradients are summed into one update.
   */
  protected abstract paths(step: number, rng: () => number): readonly SampledMode[] | Promise<readonly SampledMode[]>;

  /** A uniform architecture: over computations with `uniquePaths` (de-isomorphic sampling), else over strings. */
  protected draw(rng: () => number): Genotype {
    const { space } = this.b.supernet;
    return this.options.uniquePaths ? sampleComputation(space, rng) : sampleGenotype(space, rng);
  }

  /** A candidate architecture for derivation (default: `draw`; ENAS's controller samples, reading back as it goes). */
  protected candidate(rng: () => number): Genotype | Promise<Genotype> {
    return this.draw(rng);
  }

  /** Called after each step with the val batch's score of the step's sub-network (ENAS's reward); nothing may be read back here. */
  protected afterStep(_val: { readonly loss: number; readonly acc: number }): void {}

  setup(supernet: Supernet, context: SearchContext): void {
    const o = this.options;
    this.bound = {
      supernet,
      context,
      optim: new NamedOptimizers({
        weights: new WeightTrainer(supernet.weightVariables(), o),
      }),
    };
  }

  get learningRate(): number {
    return this.b.optim.all.weights.learningRate(this.epoch, this.b.context.epochs);
  }

  /** Training progress in [0, 1]: the share of the run's steps taken. */
  protected progress(step: number): number {
    const { epochs, stepsPerEpoch } = this.b.context;
    return Math.min(1, step / Math.max(1, epochs * stepsPerEpoch));
  }

  beginEpoch(epoch: number): void {
    this.epoch = epoch;
  }

  /**
   * Train the step's paths on the train batch, score the first on the val
   * batch, and read every loss and accuracy back once (`readTogether`).
   */
  async step(train: Batch, val: Batch): Promise<StepMetrics> {
    const { supernet, context } = this.b;
    const { weights } = this.b.optim.all;
    const modes = await this.paths(this.stepCount, createRng(`${context.seed}/${this.name}/step-${this.stepCount}`));
    if (modes.length === 0) throw new Error(`${this.name}: a step must train at least one path`);
    for (const mode of modes) this.count(mode);
    const vars = weights.variables;
    const lr = this.learningRate;
    // One path: its gradients update at once; several: summed first (FairNAS), one update.
    const sum = modes.length > 1 ? new GradientSum(vars.length) : null;
    const passes: StepScalars[] = [];
    let scored: EvaluationTotals | null = null;
    try {
      for (const mode of modes) {
        passes.push(
          classifierStep(
            vars,
            train.y,
            () => {
              const logits = supernet.forward(train.x, mode);
              return { logits, loss: crossEntropy(logits, train.y) };
            },
            (grads) => (sum ? sum.add(grads) : weights.apply(grads, lr)),
          ),
        );
      }
      if (sum) weights.apply(sum.grads, lr);
      scored = scoreTotals(supernet, modes[0]!, [val]);
    } finally {
      sum?.dispose();
      if (!scored) tf.dispose(passes.flatMap((p) => [p.loss, p.acc]));
    }
    const [losses, accs, totals] = await readTogether(
      [tf.stack(passes.map((p) => p.loss)), tf.stack(passes.map((p) => p.acc)), scored.totals],
      { dispose: true },
    ).finally(() => tf.dispose(passes.flatMap((p) => [p.loss, p.acc])));
    // Averaged in doubles, path by path, as the metrics always were.
    const trainLoss = losses!.reduce((a, l) => a + l / modes.length, 0);
    const trainAcc = accs!.reduce((a, c) => a + c / modes.length, 0);
    const valScore = summarise(totals!, scored.counts);
    this.afterStep({ loss: valScore.loss, acc: valScore.accuracy });
    this.stepCount++;
    return { trainLoss, trainAcc, valLoss: valScore.loss, valAcc: valScore.accuracy };
  }

  /** Add the options a step's sub-network runs to the counts. */
  private count(mode: SampledMode): void {
    for (const [group, rows] of Object.entries(this.b.supernet.runningOptions(mode))) {
      this.sampled[group] ??= rows.map((row) => row.map(() => 0));
      const counts = this.sampled[group]!;
      rows.forEach((row, r) => row.forEach((on, k) => (counts[r]![k]! += on)));
    }
  }

  /** Per group, `[row][option]`: how many training steps each option ran in so far. */
  usage(): Record<string, number[][]> {
    return this.sampled;
  }

  /** The epoch's learning rate and the sampled-op counts so far, for the epoch log. */
  async epochLog(): Promise<Readonly<Record<string, unknown>>> {
    return { lr: this.learningRate, sampled: structuredClone(this.sampled) };
  }

  async endEpoch(epoch: number): Promise<void> {
    const { supernet, context } = this.b;
    const { deriveBatchNorm, deriveBatches } = this.options;
    const batches = context.fixedBatches?.('val', deriveBatches) ?? [];
    if (batches.length === 0) return;
    const recalibration = deriveBatchNorm === 'recalibrated' ? (context.fixedBatches?.('train', deriveBatches) ?? []) : [];
    const rng = createRng(`${context.seed}/${this.name}/candidates-${epoch}`);
    const candidates: Genotype[] = [];
    for (let i = 0; i < this.options.candidates; i++) candidates.push(await this.candidate(rng));
    if (this.best) candidates.push(this.best);
    // The best so far is scored again: the shared weights moved since.
    let [best, bestAcc]: [Genotype | null, number] = [null, -Infinity];
    for (const genotype of candidates) {
      const { acc } = await scoreOnBatches(supernet, { kind: 'fixed', genotype }, batches, deriveBatchNorm, recalibration);
      if (acc > bestAcc) [best, bestAcc] = [genotype, acc];
    }
    this.best = best;
    this.bestAcc = bestAcc;
  }

  /** The best architecture of the last scoring, or (before any) a seeded random one. */
  async derive(): Promise<Genotype> {
    return this.best ?? sampleGenotype(this.b.supernet.space, createRng(`${this.b.context.seed}/${this.name}/initial`));
  }

  slots(): [string, tf.Variable][] {
    return this.b.optim.slots();
  }

  state(): SamplerState {
    return {
      epoch: this.epoch,
      step: this.stepCount,
      ...this.b.optim.state(),
      best: this.best,
      bestAcc: this.bestAcc,
      sampled: this.sampled,
    };
  }

  restore(state: unknown, slots: ReadonlyMap<string, tf.Tensor>): void {
    const s = parseState(samplerStateSchema, state, this.name);
    this.b.optim.restore(s, slots);
    this.best = s.best === null ? null : validateGenotype(this.b.supernet.space, s.best);
    this.epoch = s.epoch;
    this.stepCount = s.step;
    this.bestAcc = s.bestAcc;
    this.sampled = s.sampled;
  }

  dispose(): void {
    this.bound?.optim.dispose();
  }
}
