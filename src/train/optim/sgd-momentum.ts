import * as tf from '@tensorflow/tfjs';
import { NasError } from '../../errors.js';
import type { OptimizerState, SgdMomentumOptions } from './api.js';
import { fusedSgdAvailable, fusedSgdMomentumStep } from '../../kernels/webgpu/sgd-momentum.js';
import { SGD_GROUP_MAX_SIZE, type SgdItem, fusedSgdGroups, sgdGroupSize } from '../../kernels/webgpu/sgd-group.js';
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
  /** Variables that have had a gradient (their momentum buffer exists in PyTorch's terms). */
  private readonly started = new Set<number>();

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

  /** The scale of the `applyScaled` in progress (null: none). */
  private gradScale: tf.Scalar | null = null;

  /**
   * `apply` to the gradients times `scale`, a scalar on the device (the
   * clipping coefficient, `clipCoefficient`): on webgpu the scale is read by
   * the fused buffer update, so scaling costs no pass over the gradients;
   * elsewhere the gradients are multiplied first, as `clipByGlobalNorm` does.
   */
  applyScaled(grads: readonly (tf.Tensor | null)[], lr: number, scale: tf.Scalar): void {
    if (this.momentum === 0 || this.nesterov || !fusedSgdAvailable()) {
      const scaled = grads.map((g) => (g === null ? null : tf.mul(g, scale)));
      try {
        this.apply(scaled, lr);
      } finally {
        tf.dispose(scaled.filter((g): g is tf.Tensor => g !== null));
      }
      return;
    }
    this.gradScale = scale;
    try {
      this.apply(grads, lr);
    } finally {
      this.gradScale = null;
    }
  }

  protected update(grads: readonly (tf.Tensor | null)[], lr: number): void {
    const { momentum, weightDecay, nesterov, dampening } = this;
    // On webgpu the buffer and weight updates are one dispatch each (src/kernels/webgpu/sgd-momentum.ts).
    const fused = momentum !== 0 && !nesterov && fusedSgdAvailable();
    const scale = fused ? (this.gradScale ?? tf.scalar(1)) : null;
    // Where one dispatch steps several tensors (src/kernels/webgpu/sgd-group.ts), they are collected and stepped together.
    const grouped: SgdItem[] | null = fused && sgdGroupSize() >= 2 ? [] : null;
    this.variables.forEach((w, i) => {
      const g = grads[i];
      if (g === null || g === undefined) return;
      // PyTorch starts a parameter's buffer at its first gradient: its own first step, not the optimizer's.
      const first = !this.started.has(i);
      this.started.add(i);
      if (grouped !== null && g.size < SGD_GROUP_MAX_SIZE) {
        grouped.push({ w, g, buf: this.slot('momentum', i), first });
        return;
      }
      if (fused) {
        fusedSgdMomentumStep(w, g, scale!, this.slot('momentum', i), { momentum, dampening, weightDecay, lr, first });
        return;
      }
      let d = g;
      if (weightDecay !== 0) d = tf.add(d, tf.mul(w, weightDecay));
      if (momentum !== 0) {
        const buf = this.slot('momentum', i);
        const next = first ? d : tf.add(tf.mul(buf, momentum), tf.mul(d, 1 - dampening));
        buf.assign(next);
        d = nesterov ? tf.add(d, tf.mul(next, momentum)) : next;
      }
      w.assign(tf.sub(w, tf.mul(d, lr)));
    });
    if (grouped !== null && grouped.length > 0) fusedSgdGroups(grouped, scale!, { momentum, dampening, weightDecay, lr });
  }

  /** Adds which variables have had a gradient, so a resumed run starts no buffer twice. */
  override state(): OptimizerState & { readonly started: number[] } {
    return { ...super.state(), started: [...this.started].sort((a, b) => a - b) };
  }

  override restore(state: OptimizerState & { readonly started?: readonly number[] }, slots: ReadonlyMap<string, tf.Tensor>): void {
    super.restore(state, slots);
    this.started.clear();
    // Checkpoints from before sparse updates: every variable had a gradient at every step.
    const started = state.started ?? (state.steps > 0 ? this.variables.map((_, i) => i) : []);
    for (const i of started) {
      if (!Number.isInteger(i) || i < 0 || i >= this.variables.length)
        throw new NasError(`SgdMomentum checkpoint names variable ${i}, outside 0..${this.variables.length - 1}`);
      this.started.add(i);
    }
  }
}
