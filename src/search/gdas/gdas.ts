import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../../data/api.js';
import { createRng } from '../../random/index.js';
import { deriveGenotype } from '../../space/index.js';
import type { Genotype } from '../../space/api.js';
import type { ForwardMode, OptionMask, Supernet } from '../../supernet/api.js';
import type { SearchContext, StepMetrics, Strategy } from '../api.js';
import { gradsOf } from '../../train/grads.js';
import { accuracy, crossEntropy } from '../../train/loss.js';
import { Adam, NamedOptimizers, SgdMomentum, clipGradNorm, cosineLr, type OptimizerState } from '../../train/optim/index.js';
import { GDAS_DEFAULTS, type GdasOptions } from './options.js';

interface Bound {
  readonly supernet: Supernet;
  readonly context: SearchContext;
  readonly optim: NamedOptimizers<{ weights: SgdMomentum; arch: Adam }>;
}

interface GdasState {
  readonly epoch: number;
  readonly step: number;
  readonly weights: OptimizerState;
  readonly arch: OptimizerState;
}

/** `hard` in value, the identity to `soft` in gradient (tfjs has no stop-gradient op). */
function straightThrough(hard: tf.Tensor2D, soft: tf.Tensor2D): tf.Tensor2D {
  const f = tf.customGrad((..._inputs: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.clone(hard),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [dy as tf.Tensor],
  }));
  // `soft` is the customGrad input: its gradient is the output's, unchanged.
  return f(soft) as tf.Tensor2D;
}

/** One hard Gumbel-softmax sample per row of every decision group. */
export interface GumbelSample {
  /** Straight-through weights `[rows, options]`: one-hot in value, softmax((alpha + g) / tau) in gradient. */
  readonly weights: Record<string, tf.Tensor2D>;
  /** The sampled option of each row (only it is computed). */
  readonly masks: Record<string, OptionMask>;
}

/**
 * Hard Gumbel-softmax samples of the architecture parameters (Jang et al.
 * 2017; GDAS, Dong & Yang 2019): per row, `h = onehot(argmax(alpha + g))`
 * with Gumbel noise `g = -log(-log(u))`, `u` from `rng`, and the
 * straight-through weights `h - stop(p) + p`, `p = softmax((alpha + g) / tau)`,
 * which equal `h` forward and pass `d p / d alpha` backward. Call inside `tf.tidy`.
 */
export function gumbelSample(supernet: Supernet, tau: number, rng: () => number): GumbelSample {
  const weights: Record<string, tf.Tensor2D> = {};
  const masks: Record<string, OptionMask> = {};
  for (const group of supernet.decisions()) {
    const [rows, options] = [group.rows, group.options.length];
    const u = Float32Array.from({ length: rows * options }, () => Math.min(1 - 1e-7, Math.max(1e-20, rng())));
    const gumbel = tf.neg(tf.log(tf.neg(tf.log(tf.tensor2d(u, [rows, options])))));
    const noisy = tf.add(supernet.alpha(group.name), gumbel);
    const probs = tf.softmax(tf.div(noisy, tau)) as tf.Tensor2D;
    const chosen = Array.from(tf.argMax(noisy, 1).dataSync());
    const hard = tf.tensor2d(
      chosen.flatMap((c) => group.options.map((_, k) => (k === c ? 1 : 0))),
      [rows, options],
    );
    weights[group.name] = straightThrough(hard, probs);
    masks[group.name] = chosen.map((c) => group.options.map((_, k) => k === c));
  }
  return { weights, masks };
}

/**
 * GDAS (Dong & Yang 2019, "Searching for a Robust Neural Architecture in Four
 * GPU Hours"): DARTS's alternating loop, but every forward pass runs one op
 * per edge, drawn by hard Gumbel-softmax from the architecture parameters,
 * with straight-through gradients to them; the temperature falls linearly
 * from `tauMax` to `tauMin` over the epochs. Weights: SGD momentum, cosine;
 * architecture: Adam, as DARTS. Derivation: the space's rule on
 * softmax(alpha), as DARTS. Every sample is seeded by the run's seed and the
 * step, so runs repeat and resume exactly.
 */
export class Gdas implements Strategy {
  readonly name = 'gdas';
  readonly options: GdasOptions;
  private bound: Bound | null = null;
  private epoch = 0;
  private stepCount = 0;

  constructor(options: Partial<GdasOptions> = {}) {
    this.options = { ...GDAS_DEFAULTS, ...options };
  }

  private get b(): Bound {
    if (!this.bound) throw new Error('GDAS strategy used before setup()');
    return this.bound;
  }

  setup(supernet: Supernet, context: SearchContext): void {
    const o = this.options;
    this.bound = {
      supernet,
      context,
      optim: new NamedOptimizers({
        weights: new SgdMomentum(supernet.weightVariables(), { momentum: o.momentum, weightDecay: o.weightDecay }),
        arch: new Adam(supernet.archVariables(), { beta1: o.archBeta1, beta2: o.archBeta2, weightDecay: o.archWeightDecay }),
      }),
    };
  }

  get learningRate(): number {
    const o = this.options;
    return cosineLr(this.epoch, this.b.context.epochs, o.weightLr, o.weightLrMin);
  }

  /** The Gumbel-softmax temperature of the current epoch (linear from `tauMax` to `tauMin`). */
  get temperature(): number {
    const { tauMax, tauMin } = this.options;
    const epochs = this.b.context.epochs;
    return epochs <= 1 ? tauMax : tauMax - ((tauMax - tauMin) * this.epoch) / (epochs - 1);
  }

  beginEpoch(epoch: number): void {
    this.epoch = epoch;
  }

  step(train: Batch, val: Batch): StepMetrics {
    const { supernet, context } = this.b;
    const { weights, arch } = this.b.optim.all;
    const seed = `${context.seed}/gdas/step-${this.stepCount}`;
    const archStep = this.descend(val, supernet.archVariables(), createRng(`${seed}/arch`), (grads) =>
      arch.apply(grads, this.options.archLr),
    );
    const weightStep = this.descend(train, supernet.weightVariables(), createRng(`${seed}/weights`), (grads) => {
      const clipped = clipGradNorm(grads, this.options.gradClip).grads;
      weights.apply(clipped, this.learningRate);
      tf.dispose(clipped.filter((g): g is tf.Tensor => g !== null));
    });
    this.stepCount++;
    return { trainLoss: weightStep.loss, trainAcc: weightStep.acc, valLoss: archStep.loss, valAcc: archStep.acc };
  }

  /** Loss, accuracy and one update of `vars` on a batch through a fresh hard sample. */
  private descend(
    batch: Batch,
    vars: readonly tf.Variable[],
    rng: () => number,
    update: (grads: (tf.Tensor | null)[]) => void,
  ): { loss: number; acc: number } {
    const { supernet } = this.b;
    let logits: tf.Tensor2D | null = null;
    let grads: (tf.Tensor | null)[] = [];
    const value = tf.tidy(() => {
      const out = gradsOf(() => {
        const sample = gumbelSample(supernet, this.temperature, rng);
        const mode: ForwardMode = { kind: 'weights', weights: sample.weights, masks: sample.masks };
        logits = tf.keep(supernet.forward(batch.x, mode));
        return crossEntropy(logits, batch.y);
      }, vars);
      grads = out.grads.map((g) => (g ? tf.keep(g) : null));
      return out.value;
    });
    update(grads);
    const loss = value.dataSync()[0] ?? Number.NaN;
    const acc = logits ? accuracy(logits, batch.y) : Number.NaN;
    tf.dispose([value, ...grads.filter((g): g is tf.Tensor => g !== null), ...(logits ? [logits] : [])]);
    return { loss, acc };
  }

  endEpoch(_epoch: number): void {
    // The temperature and learning rate follow the epoch (beginEpoch).
  }

  derive(): Genotype {
    return deriveGenotype(this.b.supernet.space, this.b.supernet.archWeights());
  }

  slots(): [string, tf.Variable][] {
    return this.b.optim.slots();
  }

  state(): GdasState {
    return { epoch: this.epoch, step: this.stepCount, ...this.b.optim.state() };
  }

  restore(state: unknown, slots: ReadonlyMap<string, tf.Tensor>): void {
    const s = state as GdasState;
    this.epoch = s.epoch;
    this.stepCount = s.step;
    this.b.optim.restore(s, slots);
  }

  dispose(): void {
    this.bound?.optim.dispose();
  }
}
