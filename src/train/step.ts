import * as tf from '@tensorflow/tfjs';
import { gradsOf } from './grads.js';
import { accuracy } from './loss.js';

/** Gradients in variable order; null where the objective did not reach a variable (an op no sampled path ran). */
export type Grads = (tf.Tensor | null)[];

/**
 * One gradient step: the gradients of `objective` with respect to `vars`
 * are handed to `update` (an optimizer's `apply`, or a sum), then freed with
 * every intermediate. `zeroFill` gives a zero gradient instead of null (the
 * relaxed supernet, whose every weight is in the graph). Returns the
 * objective's value as a scalar the caller owns: nothing is read back, so a
 * step reads all it reports at once (`readScalars`) and a GPU backend never
 * waits mid-step. The one place search and retraining take a gradient.
 */
export function gradientStep(
  vars: readonly tf.Variable[],
  objective: () => tf.Scalar,
  update: (grads: Grads) => void,
  options: { readonly zeroFill?: boolean } = {},
): tf.Scalar {
  let grads: Grads = [];
  const value = tf.tidy(() => {
    const out = gradsOf(objective, vars);
    grads = out.grads.map((g, i) => (g ? tf.keep(g) : options.zeroFill ? tf.keep(tf.zerosLike(vars[i]!)) : null));
    return out.value;
  });
  try {
    update(grads);
    return value;
  } catch (error) {
    value.dispose();
    throw error;
  } finally {
    tf.dispose(grads.filter((g): g is tf.Tensor => g !== null));
  }
}

/** What a classifier's forward pass gives a training step: the logits (for accuracy) and the loss to descend. */
export interface ClassifierPass {
  readonly logits: tf.Tensor2D;
  readonly loss: tf.Scalar;
}

/** A classifier step's loss and batch accuracy, still on the device (the caller owns both and reads them with `readScalars`). */
export interface StepScalars {
  readonly loss: tf.Scalar;
  readonly acc: tf.Scalar;
}

/** `gradientStep` on a classifier: also the batch accuracy of the pass's logits against `labels`. */
export function classifierStep(
  vars: readonly tf.Variable[],
  labels: tf.Tensor1D,
  forward: () => ClassifierPass,
  update: (grads: Grads) => void,
  options: { readonly zeroFill?: boolean } = {},
): StepScalars {
  let logits: tf.Tensor2D | null = null;
  try {
    const loss = gradientStep(
      vars,
      () => {
        const pass = forward();
        logits = tf.keep(pass.logits);
        return pass.loss;
      },
      update,
      options,
    );
    return { loss, acc: logits ? accuracy(logits, labels) : tf.scalar(Number.NaN) };
  } finally {
    if (logits) (logits as tf.Tensor).dispose();
  }
}

/**
 * A running sum of gradients over several passes (FairNAS's k paths per
 * step): `add` keeps the sum in tensors it owns; null stays null until some
 * pass reaches the variable.
 */
export class GradientSum {
  private sum: Grads;

  constructor(count: number) {
    this.sum = Array.from({ length: count }, () => null);
  }

  add(grads: Grads): void {
    this.sum = this.sum.map((s, i) => {
      const g = grads[i] ?? null;
      if (g === null) return s;
      const next = s === null ? tf.clone(g) : tf.add(s, g);
      s?.dispose();
      return next;
    });
  }

  get grads(): Grads {
    return this.sum;
  }

  dispose(): void {
    tf.dispose(this.sum.filter((g): g is tf.Tensor => g !== null));
    this.sum = this.sum.map(() => null);
  }
}
