import * as tf from '@tensorflow/tfjs';
import { gradients } from '../autodiff/gradients.js';

/**
 * `f`'s value and its gradients with respect to `vars`, in `vars` order; a
 * variable the value does not depend on (an op no sampled path used) gets
 * null, as PyTorch leaves its `.grad` None. Memory is released during the
 * backward pass (see `gradients`). Call inside `tf.tidy`.
 */
export function gradsOf(f: () => tf.Scalar, vars: readonly tf.Variable[]): { value: tf.Scalar; grads: (tf.Tensor | null)[] } {
  const { value, grads } = gradients(() => {
    const y = f();
    if (y.rank !== 0) throw new Error(`gradsOf: f must return a scalar, got shape [${y.shape}]`);
    return y;
  }, vars);
  return { value: value as tf.Scalar, grads: grads.map((g) => g ?? null) };
}

/** Global L2 norm of a list of tensors (nulls left out), as a scalar on the device: nothing is read back. */
export function globalNorm(tensors: readonly (tf.Tensor | null)[]): tf.Scalar {
  return tf.tidy(() => {
    const squares = tensors.flatMap((t) => (t ? [tf.sum(tf.square(t))] : []));
    return squares.length === 0 ? tf.scalar(0) : (tf.sqrt(tf.addN(squares)) as tf.Scalar);
  });
}
