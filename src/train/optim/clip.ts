import * as tf from '@tensorflow/tfjs';
import { NasError } from '../../errors.js';
import { fusedSumOfSquares } from '../../kernels/webgpu/sum-squares.js';

/** Clipped gradients (new tensors the caller owns; null where the input was null) and the global L2 norm they had before clipping. */
export interface ClippedGrads<G extends tf.Tensor | null = tf.Tensor> {
  readonly grads: G[];
  readonly norm: number;
}

/**
 * Gradient clipping by global norm, PyTorch's `clip_grad_norm_` (1.13, L2,
 * `error_if_nonfinite=False`), which the DARTS code applies to the weight
 * gradients with max norm 5: the norm is taken over all gradients together
 * (the norm of the per-tensor norms) and every gradient is scaled by
 * `maxNorm / (norm + 1e-6)` when that is below 1, so the direction of the
 * whole step is kept.
 *
 * Unlike PyTorch it does not scale in place: it returns new tensors (plain
 * copies when no clipping is needed) and the caller still owns `grads`.
 * A non-finite norm scales by PyTorch's non-finite coefficient (0 or NaN),
 * and the returned `norm` says so, for the caller to skip the step.
 * A null gradient (a variable the loss did not reach, PyTorch's `None`) is
 * left out of the norm and stays null.
 */
export function clipGradNorm<G extends tf.Tensor | null>(grads: readonly G[], maxNorm: number): ClippedGrads<G> {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm))
    throw new NasError(`gradient clipping max norm must be a finite number > 0, got ${maxNorm}`);
  const present = grads.filter((g): g is NonNullable<G> => g !== null);
  if (present.length === 0) return { grads: [...grads], norm: 0 };
  const total = tf.tidy(() => tf.norm(tf.stack(present.map((g) => tf.norm(g)))));
  const norm = total.dataSync()[0]!;
  total.dispose();
  const coef = maxNorm / (norm + 1e-6);
  // `coef >= 1` is false for NaN, which then scales like PyTorch's clamp(NaN, max=1) does.
  const clipped = grads.map((g) => (g === null ? null : tf.tidy(() => (coef >= 1 ? tf.clone(g) : tf.mul(g, coef)))));
  return { grads: clipped as G[], norm };
}

/**
 * {@link clipGradNorm}'s coefficient without reading anything back, as
 * PyTorch itself computes it (`clip_coef_clamped` is a tensor there too):
 * `min(1, maxNorm / (norm + 1e-6))` over the non-null gradients, a scalar
 * on the device the caller owns (1 when there are none), so a step on a GPU
 * backend never waits for its norm. NaN propagates as PyTorch's
 * `clamp(NaN, max=1)` does.
 */
export function clipCoefficient(grads: readonly (tf.Tensor | null)[], maxNorm: number): tf.Scalar {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm))
    throw new NasError(`gradient clipping max norm must be a finite number > 0, got ${maxNorm}`);
  const present = grads.filter((g): g is tf.Tensor => g !== null);
  if (present.length === 0) return tf.scalar(1);
  return tf.tidy(() => {
    // On webgpu one dispatch per group of ~15 gradients (src/kernels/webgpu/sum-squares.ts) instead of four per gradient.
    const squares = fusedSumOfSquares(present);
    const norm = squares ? tf.sqrt(squares) : tf.norm(tf.stack(present.map((g) => tf.norm(g))));
    const coef = tf.div(tf.scalar(maxNorm), tf.add(norm, tf.scalar(1e-6)));
    // `coef >= 1` is false for NaN, which then scales by NaN like PyTorch's clamp(NaN, max=1).
    return tf.where(tf.greaterEqual(coef, 1), tf.onesLike(coef), coef) as tf.Scalar;
  });
}

/**
 * {@link clipGradNorm} without reading anything back: every gradient times
 * {@link clipCoefficient}. New tensors the caller owns; null stays null.
 * `clipGradNorm` is for callers that want the norm as a number; the weight
 * trainer hands the coefficient to its optimizer instead (`applyScaled`).
 */
export function clipByGlobalNorm<G extends tf.Tensor | null>(grads: readonly G[], maxNorm: number): G[] {
  const clamped = clipCoefficient(grads, maxNorm);
  try {
    if (grads.every((g) => g === null)) return [...grads];
    return grads.map((g) => (g === null ? null : tf.mul(g, clamped))) as G[];
  } finally {
    clamped.dispose();
  }
}
