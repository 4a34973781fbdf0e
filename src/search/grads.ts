import * as tf from '@tensorflow/tfjs';

/**
 * `f`'s value and its gradients with respect to `vars`, in `vars` order; a
 * variable the value does not depend on (an op no sampled path used) gets
 * null, as PyTorch leaves its `.grad` None. Call inside `tf.tidy`.
 */
export function gradsOf(f: () => tf.Scalar, vars: readonly tf.Variable[]): { value: tf.Scalar; grads: (tf.Tensor | null)[] } {
  const { value, grads } = tf.variableGrads(f, [...vars]);
  return { value, grads: vars.map((v) => grads[v.name] ?? null) };
}

/** Global L2 norm of a list of tensors, as a number. */
export function globalNorm(tensors: readonly (tf.Tensor | null)[]): number {
  return tf.tidy(() => {
    const squares = tensors.flatMap((t) => (t ? [tf.sum(tf.square(t))] : []));
    return squares.length === 0 ? 0 : Math.sqrt(tf.addN(squares).dataSync()[0] ?? 0);
  });
}
