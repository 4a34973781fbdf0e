import * as tf from '@tensorflow/tfjs';
import type { AdamOptions } from './api.js';
import { checkOption, SlotOptimizer } from './slot-optimizer.js';

/**
 * Adam (Kingma & Ba, 2015, Algorithm 1), exactly `torch.optim.Adam`
 * (PyTorch 1.13 `_single_tensor_adam`, amsgrad off), the DARTS architecture
 * optimizer. Weight decay is the L2 penalty added to the gradient before the
 * moments, as PyTorch's Adam and the DARTS code have it, not AdamW's
 * decoupled decay; with it, the penalty is rescaled by the second moment.
 *
 * ```
 * t = steps + 1
 * g = g + wd * w
 * m = b1 m + (1 - b1) g               slot m.i
 * v = b2 v + (1 - b2) g^2             slot v.i
 * w = w - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * ```
 *
 * The last line is PyTorch's arrangement of
 * `w -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)`: the bias corrections
 * are computed in double precision on the host, and eps is added after the
 * second moment's correction, so a large eps means what it means in PyTorch.
 */
export class Adam extends SlotOptimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;

  constructor(variables: readonly tf.Variable[], options: AdamOptions = {}) {
    const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0 } = options;
    checkOption('Adam', 'beta1', beta1, 0, 1);
    checkOption('Adam', 'beta2', beta2, 0, 1);
    checkOption('Adam', 'eps', eps, 0);
    checkOption('Adam', 'weightDecay', weightDecay, 0);
    super('Adam', variables, ['m', 'v']);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  /** Bias correction counts the optimizer's steps (the architecture parameters, its use here, always have gradients). */
  protected update(grads: readonly (tf.Tensor | null)[], lr: number): void {
    const { beta1, beta2, eps, weightDecay } = this;
    const t = this.steps + 1;
    const stepSize = lr / (1 - beta1 ** t);
    const correction2Sqrt = Math.sqrt(1 - beta2 ** t);
    this.variables.forEach((w, i) => {
      const raw = grads[i];
      if (raw === null || raw === undefined) return;
      let g = raw;
      if (weightDecay !== 0) g = tf.add(g, tf.mul(w, weightDecay));
      const m = this.slot('m', i);
      const v = this.slot('v', i);
      const mNext = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
      const vNext = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
      m.assign(mNext);
      v.assign(vNext);
      const denom = tf.add(tf.div(tf.sqrt(vNext), correction2Sqrt), eps);
      w.assign(tf.sub(w, tf.mul(tf.div(mNext, denom), stepSize)));
    });
  }
}
