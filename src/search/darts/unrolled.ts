import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../../data/api.js';
import { withFrozenStatistics } from '../../ops/index.js';
import type { Supernet } from '../../supernet/api.js';
import { gradsOf, globalNorm } from '../../train/grads.js';
import { crossEntropy } from '../../train/loss.js';

/** The virtual weight step of the DARTS approximation, and what it starts from. */
export interface UnrolledStep {
  /** xi: the virtual step's learning rate. */
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  /** The weight optimizer's momentum buffers, per weight variable (null before its first step). */
  readonly momentumBuffers: readonly (tf.Tensor | null)[];
}

const relaxedLoss = (supernet: Supernet, batch: Batch) => () => crossEntropy(supernet.forward(batch.x, { kind: 'relaxed' }), batch.y);

function assignAll(vars: readonly tf.Variable[], values: readonly tf.Tensor[]): void {
  tf.tidy(() => vars.forEach((v, i) => v.assign(values[i]!)));
}

/**
 * `w' = w - xi * (momentum * buf + dL_train/dw + wd * w)`: one step of the
 * weight optimizer on the train batch without taking it (DARTS `_compute_unrolled_model`).
 */
export function unrolledWeights(supernet: Supernet, train: Batch, step: UnrolledStep): tf.Tensor[] {
  return tf.tidy(() => {
    const w = supernet.weightVariables();
    const { grads } = gradsOf(relaxedLoss(supernet, train), w);
    return w.map((v, i) => {
      const g = grads[i] ?? tf.zerosLike(v);
      const buf = step.momentumBuffers[i];
      let d = tf.add(g, tf.mul(v, step.weightDecay));
      if (buf) d = tf.add(d, tf.mul(buf, step.momentum));
      return tf.sub(v, tf.mul(d, step.lr));
    });
  });
}

/**
 * The second-order DARTS architecture gradient (Liu et al. 2019, eq. 7-8):
 * `dalpha = dL_val(w', a)/da - xi * (dL_train(w+, a)/da - dL_train(w-, a)/da) / (2 eps)`,
 * with `w' = unrolledWeights(...)`, `w+- = w +- eps * dL_val(w', a)/dw'` and
 * `eps = 0.01 / ||dL_val(w', a)/dw'||`. The weights are restored afterwards
 * and BatchNorm running statistics frozen meanwhile: only the real steps move them.
 * `eps` stays on the device (nothing is read back mid-step).
 * Returns gradients in `archVariables()` order and the val loss at `w'` (a scalar the caller owns).
 */
export function unrolledArchGrads(
  supernet: Supernet,
  train: Batch,
  val: Batch,
  step: UnrolledStep,
): { grads: tf.Tensor[]; valLoss: tf.Scalar } {
  const w = supernet.weightVariables();
  const alphas = supernet.archVariables();
  const saved = tf.tidy(() => w.map((v) => tf.keep(v.clone())));
  try {
    return withFrozenStatistics(() => {
      const unrolled = unrolledWeights(supernet, train, step);
      assignAll(w, unrolled);
      tf.dispose(unrolled);
      const valGrads = tf.tidy(() => {
        const { value, grads } = gradsOf(relaxedLoss(supernet, val), [...alphas, ...w]);
        return { value: tf.keep(value), grads: grads.map((g, i) => tf.keep(g ?? tf.zerosLike([...alphas, ...w][i]!))) };
      });
      const dAlpha = valGrads.grads.slice(0, alphas.length);
      const v = valGrads.grads.slice(alphas.length);
      const eps = tf.tidy(() => tf.div(0.01, tf.maximum(globalNorm(v), 1e-12)));
      const archGradAt = (sign: 1 | -1) => {
        tf.tidy(() => w.forEach((variable, i) => variable.assign(tf.add(saved[i]!, tf.mul(v[i]!, tf.mul(eps, sign))))));
        return tf.tidy(() => gradsOf(relaxedLoss(supernet, train), alphas).grads.map((g, i) => tf.keep(g ?? tf.zerosLike(alphas[i]!))));
      };
      const plus = archGradAt(1);
      const minus = archGradAt(-1);
      const grads = tf.tidy(() => {
        const scale = tf.div(step.lr, tf.mul(eps, 2));
        return dAlpha.map((g, i) => tf.sub(g, tf.mul(tf.sub(plus[i]!, minus[i]!), scale)));
      });
      tf.dispose([eps, ...valGrads.grads, ...plus, ...minus]);
      return { grads, valLoss: valGrads.value };
    });
  } finally {
    assignAll(w, saved);
    tf.dispose(saved);
  }
}
