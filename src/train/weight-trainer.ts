import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { Optimizer, OptimizerState } from './optim/api.js';
import { clipCoefficient } from './optim/clip.js';
import { cosineLr } from './optim/schedule.js';
import { SgdMomentum } from './optim/sgd-momentum.js';

/**
 * The weight recipe of the DARTS code (Liu et al. 2019, `train_search.py` and
 * `train.py`): SGD with momentum, weight decay, a cosine learning rate per
 * epoch and the gradients clipped to a global norm. Every one-shot strategy
 * trains the supernet's weights this way, and retraining its network.
 */
export interface WeightTrainerOptions {
  readonly weightLr: number;
  readonly weightLrMin: number;
  readonly momentum: number;
  readonly weightDecay: number;
  /** Max global gradient norm; 0: no clipping. */
  readonly gradClip: number;
}

const nonNegative = (help: string) => z.number({ error: 'must be a number' }).min(0, { error: 'must be >= 0' }).describe(help);

/** The weight trainer's settings with the DARTS search's defaults (lr 0.025 cosine to 0.001, momentum 0.9, decay 3e-4, clip 5). */
export const weightTrainerSchema = z.strictObject({
  weightLr: nonNegative('initial weight learning rate (default 0.025)').default(0.025),
  weightLrMin: nonNegative('final weight learning rate of the cosine schedule (default 0.001)').default(0.001),
  momentum: nonNegative('weight momentum (default 0.9)').max(1, { error: 'must be <= 1' }).default(0.9),
  weightDecay: nonNegative('weight decay (default 3e-4)').default(3e-4),
  gradClip: nonNegative('max global norm of the weight gradients, 0: none (default 5)').default(5),
});

export const WEIGHT_TRAINER_DEFAULTS: WeightTrainerOptions = weightTrainerSchema.parse({});

/**
 * SGD momentum behind gradient clipping: an `Optimizer` whose `apply` clips
 * the gradients by global norm first (PyTorch's `clip_grad_norm_` then
 * `SGD.step`). Its slots and state are the SGD's, so checkpoints name them as
 * before (`momentum.<i>`).
 */
export class WeightTrainer implements Optimizer {
  readonly options: WeightTrainerOptions;
  private readonly sgd: SgdMomentum;

  constructor(variables: readonly tf.Variable[], options: Partial<WeightTrainerOptions> = {}) {
    this.options = { ...WEIGHT_TRAINER_DEFAULTS, ...options };
    this.sgd = new SgdMomentum(variables, { momentum: this.options.momentum, weightDecay: this.options.weightDecay });
  }

  get variables(): readonly tf.Variable[] {
    return this.sgd.variables;
  }

  get steps(): number {
    return this.sgd.steps;
  }

  /** The learning rate of `epoch` of `epochs` (cosine from `weightLr` to `weightLrMin`). */
  learningRate(epoch: number, epochs: number): number {
    return cosineLr(epoch, epochs, this.options.weightLr, this.options.weightLrMin);
  }

  /** Clip (unless `gradClip` is 0; the coefficient on the device, nothing read back) and take one SGD step at `lr`; the caller still owns `grads`. */
  apply(grads: readonly (tf.Tensor | null)[], lr: number): void {
    if (this.options.gradClip <= 0) {
      this.sgd.apply(grads, lr);
      return;
    }
    const coef = clipCoefficient(grads, this.options.gradClip);
    try {
      this.sgd.applyScaled(grads, lr, coef);
    } finally {
      coef.dispose();
    }
  }

  slots(): [string, tf.Variable][] {
    return this.sgd.slots();
  }

  state(): OptimizerState {
    return this.sgd.state();
  }

  restore(state: OptimizerState, slots: ReadonlyMap<string, tf.Tensor>): void {
    this.sgd.restore(state, slots);
  }

  dispose(): void {
    this.sgd.dispose();
  }
}
