import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../../data/api.js';
import { createRng } from '../../random/index.js';
import { sampleGenotype, validateGenotype } from '../../space/index.js';
import type { Genotype } from '../../space/api.js';
import type { SampledMode, Supernet } from '../../supernet/api.js';
import type { SearchContext, StepMetrics, Strategy } from '../api.js';
import { gradsOf } from '../../train/grads.js';
import { accuracy, crossEntropy } from '../../train/loss.js';
import { NamedOptimizers, SgdMomentum, clipGradNorm, cosineLr, type OptimizerState } from '../../train/optim/index.js';
import { SAMPLER_DEFAULTS, type SamplerOptions } from './options.js';
import { scoreOnBatches } from './score.js';

interface Bound {
  readonly supernet: Supernet;
  readonly context: SearchContext;
  readonly optim: NamedOptimizers<{ weights: SgdMomentum }>;
}

/** Plain state of a sampler beyond its tensors. */
interface SamplerState {
  readonly epoch: number;
  /** Steps taken over the whole run (it seeds each step's sample). */
  readonly step: number;
  readonly weights: OptimizerState;
  readonly best: Genotype | null;
  readonly bestAcc: number | null;
  /** Per group, `[row][option]`: the training steps each option ran in (absent in older checkpoints). */
  readonly sampled?: Record<string, number[][]>;
}

/**
 * What SPOS, path dropout and other samplers share: each step trains the
 * shared weights on the train batch through one sampled sub-network only
 * (ops that did not run get no gradient, so no update, as in PyTorch), and
 * reports that sub-network's loss on the val batch; no architecture
 * parameters are learnt. At each epoch's end `candidates` random
 * architectures (and the best so far) are scored on the run's fixed score
 * batches with the shared weights, and the best becomes the derived genotype
 * (ENAS's and SPOS's "sample many, keep the best on validation").
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

  /** The sub-network of step `step` (0-based over the run), drawn from `rng`. */
  protected abstract sample(step: number, rng: () => number): SampledMode;

  /** A candidate architecture for derivation (default: uniform over the space). */
  protected candidate(rng: () => number): Genotype {
    return sampleGenotype(this.b.supernet.space, rng);
  }

  /** Called after each step with the val batch's score of the step's sub-network (ENAS's reward). */
  protected afterStep(_val: { readonly loss: number; readonly acc: number }): void {}

  setup(supernet: Supernet, context: SearchContext): void {
    const o = this.options;
    this.bound = {
      supernet,
      context,
      optim: new NamedOptimizers({
        weights: new SgdMomentum(supernet.weightVariables(), { momentum: o.momentum, weightDecay: o.weightDecay }),
      }),
    };
  }

  get learningRate(): number {
    const o = this.options;
    return cosineLr(this.epoch, this.b.context.epochs, o.weightLr, o.weightLrMin);
  }

  /** Training progress in [0, 1]: the share of the run's steps taken. */
  protected progress(step: number): number {
    const { epochs, stepsPerEpoch } = this.b.context;
    return Math.min(1, step / Math.max(1, epochs * stepsPerEpoch));
  }

  beginEpoch(epoch: number): void {
    this.epoch = epoch;
  }

  step(train: Batch, val: Batch): StepMetrics {
    const { supernet, context } = this.b;
    const { weights } = this.b.optim.all;
    const mode = this.sample(this.stepCount, createRng(`${context.seed}/${this.name}/step-${this.stepCount}`));
    this.count(mode);
    const vars = supernet.weightVariables();
    let logits: tf.Tensor2D | null = null;
    let grads: (tf.Tensor | null)[] = [];
    const value = tf.tidy(() => {
      const out = gradsOf(() => {
        logits = tf.keep(supernet.forward(train.x, mode));
        return crossEntropy(logits, train.y);
      }, vars);
      grads = out.grads.map((g) => (g ? tf.keep(g) : null));
      return out.value;
    });
    const clipped = clipGradNorm(grads, this.options.gradClip).grads;
    weights.apply(clipped, this.learningRate);
    const trainLoss = value.dataSync()[0] ?? Number.NaN;
    const trainAcc = logits ? accuracy(logits, train.y) : Number.NaN;
    tf.dispose([value, ...grads, ...clipped, ...(logits ? [logits] : [])].filter((t): t is tf.Tensor => t !== null));
    const scored = scoreOnBatches(supernet, mode, [val]);
    this.afterStep(scored);
    this.stepCount++;
    return { trainLoss, trainAcc, valLoss: scored.loss, valAcc: scored.acc };
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

  endEpoch(epoch: number): void {
    const { supernet, context } = this.b;
    const batches = context.scoreBatches ?? [];
    if (batches.length === 0) return;
    const rng = createRng(`${context.seed}/${this.name}/candidates-${epoch}`);
    const candidates = Array.from({ length: this.options.candidates }, () => this.candidate(rng));
    if (this.best) candidates.push(this.best);
    // The best so far is scored again: the shared weights moved since.
    let [best, bestAcc]: [Genotype | null, number] = [null, -Infinity];
    for (const genotype of candidates) {
      const { acc } = scoreOnBatches(supernet, { kind: 'fixed', genotype }, batches);
      if (acc > bestAcc) [best, bestAcc] = [genotype, acc];
    }
    this.best = best;
    this.bestAcc = bestAcc;
  }

  /** The best architecture of the last scoring, or (before any) a seeded random one. */
  derive(): Genotype {
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
    const s = state as SamplerState;
    this.epoch = s.epoch;
    this.stepCount = s.step;
    this.best = s.best === null ? null : validateGenotype(this.b.supernet.space, s.best);
    this.bestAcc = s.bestAcc;
    this.sampled = s.sampled ?? {};
    this.b.optim.restore(s, slots);
  }

  dispose(): void {
    this.bound?.optim.dispose();
  }
}
