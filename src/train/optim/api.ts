import type * as tf from '@tensorflow/tfjs';

/** An optimizer's plain-JSON state beyond its slot tensors, for checkpoint/resume. */
export interface OptimizerState {
  /** Updates applied so far. */
  readonly steps: number;
}

/**
 * A first-order optimizer over a fixed list of variables, written for the
 * search loops instead of `tf.train.*`: those have no weight decay, and their
 * state cannot be named, saved and put back, which a resumable search needs.
 * The update rules are PyTorch's, so hyper-parameters from the papers' code
 * (DARTS: SGD momentum 0.9, weight decay 3e-4; Adam 3e-4, betas (0.5, 0.999),
 * weight decay 1e-3 for the architecture) mean what they meant there.
 */
export interface Optimizer {
  /** The variables it updates, in order. */
  readonly variables: readonly tf.Variable[];
  /**
   * One update from gradients given in `variables` order, at learning rate
   * `lr`. A null gradient leaves its variable and slots untouched (no decay,
   * no momentum), as PyTorch skips a parameter whose `.grad` is None: what a
   * single-path sampler needs for the ops it did not run. Frees nothing it
   * does not own; the caller disposes `grads`.
   */
  apply(grads: readonly (tf.Tensor | null)[], lr: number): void;
  /** Steps taken so far (Adam's bias correction uses it). */
  readonly steps: number;
  /** Named state tensors for checkpoints, e.g. `momentum.3`, `m.3`, `v.3` (index = variable index); owned by the optimizer. */
  slots(): [string, tf.Variable][];
  /** Plain-JSON state beyond the slots (e.g. steps) and its inverse, for checkpoint/resume. */
  state(): OptimizerState;
  /**
   * Puts back what `state()` and `slots()` gave. Every slot must be present
   * with its shape and dtype, and no other name may be, or it throws a one-line
   * `NasError` naming the slot before changing anything.
   */
  restore(state: OptimizerState, slots: ReadonlyMap<string, tf.Tensor>): void;
  /** Frees the slots; the variables belong to the caller. */
  dispose(): void;
}

/** Options of `SgdMomentum`, with `torch.optim.SGD`'s meaning and defaults (momentum 0.9 as in DARTS). */
export interface SgdMomentumOptions {
  /** Momentum factor; 0 is plain SGD and keeps no slots. Default 0.9. */
  readonly momentum?: number;
  /** L2 penalty added to the gradient (`g + wd * w`). Default 0. */
  readonly weightDecay?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0, as in PyTorch). Default false. */
  readonly nesterov?: boolean;
  /** Dampening of the gradient in the momentum buffer after the first step. Default 0. */
  readonly dampening?: number;
}

/** Options of `Adam`, with `torch.optim.Adam`'s meaning and defaults. */
export interface AdamOptions {
  /** Decay of the first moment. Default 0.9. */
  readonly beta1?: number;
  /** Decay of the second moment. Default 0.999. */
  readonly beta2?: number;
  /** Added to the bias-corrected root of the second moment. Default 1e-8. */
  readonly eps?: number;
  /** L2 penalty added to the gradient before the moments (Adam's, not AdamW's decoupled decay). Default 0. */
  readonly weightDecay?: number;
}
