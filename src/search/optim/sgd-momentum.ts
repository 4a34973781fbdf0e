import * as tf from '@tensorflow/tfjs';
import { NasError } from '../../errors.js';
import type { SgdMomentumOptions } from './api.js';
import { checkOption, SlotOptimizer } from './slot-optimizer.js';

/**
 * Stochastic gradient descent with momentum, exactly `torch.optim.SGD`
 * (PyTorch 1.13 `_single_tensor_sgd`), the DARTS weight optimizer:
 *
 * ```
 * d = g + wd * w
 * buf = d                                     first step
 * buf = momentum * buf + (1 - dampening) * d  later steps
 * d = nesterov ? d + momentum * buf : buf
 * w = w - lr * d
 * ```
 *
 * This is PyTorch's form, not Sutskever et al.'s (`v = mu v - lr g`): the
 * learning rate scales the whole step, so a cosine schedule changes the step
 * size at once rather than through the buffer, and the buffer holds plain
 * gradients (slot `momentum.i`), comparable across checkpoints taken at
 * different learning rates. With momentum 0 there is no buffer and no slot.
 */
export class SgdMomentum extends SlotOptimizer {
  private readonly momentum: number;
  private readonly weightDecay: number;
  private readonly nesterov: boolean;
  private readonly dampening: number;

  constructor(variables: readonly tf.Variable[], options: SgdMomentumOptions = {}) {
    const { momentum = 0.9, weightDecay = 0, nesterov = false, dampening = 0 } = options;
    checkOption('SgdMomentum', 'momentum', momentum, 0);
    checkOption('SgdMomentum', 'weightDecay', weightDecay, 0);
    checkOption('SgdMomentum', 'dampening', dampening, 0);
    // PyTorch refuses these too: Nesterov's look-ahead is defined for an undamped buffer.
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new NasError(`SgdMomentum nesterov needs momentum > 0 and dampening 0, got momentum ${momentum}, dampening ${dampening}`);
    }
    super('SgdMomentum', variables, momentum === 0 ? [] : ['momentum']);
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
    this.dampening = dampening;
  }

  protected update(grads: readonly tf.Tensor[], lr: number): void {
    const { momentum, weightDecay, nesterov, dampening } = this;
    const first = this.steps === 0;
    this.variables.forEach((w, i) => {
      let d = grads[i]!;
      if (weightDecay !== 0) d = tf.add(d, tf.mul(w, weightDecay));
      if (momentum !== 0) {
        const buf = this.slot('momentum', i);
        const next = first ? d : tf.add(tf.mul(buf, momentum), tf.mul(d, 1 - dampening));
        buf.assign(next);
        d = nesterov ? tf.add(d, tf.mul(next, momentum)) : next;
      }
      w.assign(tf.sub(w, tf.mul(d, lr)));
    });
  }
}
