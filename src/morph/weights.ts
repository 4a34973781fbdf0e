import * as tf from '@tensorflow/tfjs';
import type { NamedWeights } from './api.js';

/**
 * The child's weights where the child has the parent's parameter under the
 * same name (after `rename`) and shape; the fresh initialisation elsewhere.
 * Operators start from this and override what their morphism changes.
 */
export function inheritByName(
  parent: NamedWeights,
  fresh: NamedWeights,
  rename: (name: string) => string = (n) => n,
): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const [name, init] of fresh) {
    const source = parent.get(rename(name));
    out.set(name, source && source.shape.join() === init.shape.join() ? source : init);
  }
  return out;
}

/**
 * A conv kernel `[k, k, in, out]` zero-padded to `[size, size, in, out]` with
 * the old kernel in the centre: with 'same' padding and odd kernels the
 * larger conv computes exactly what the smaller one did (Net2Net-style
 * function-preserving kernel growth; Chen et al. 2016, Wei et al. 2016).
 */
export function padKernel(kernel: tf.Tensor, size: number): tf.Tensor {
  const k = kernel.shape[0]!;
  const p = (size - k) / 2;
  if (!Number.isInteger(p) || p < 0) throw new Error(`cannot centre a ${k}x${k} kernel in ${size}x${size}`);
  return tf.pad(kernel, [
    [p, p],
    [p, p],
    [0, 0],
    [0, 0],
  ]);
}

/** The weight under `name`; a missing one is a programming error naming it. */
export function weightOf(weights: NamedWeights, name: string): tf.Tensor {
  const w = weights.get(name);
  if (!w) throw new Error(`no weight named '${name}'`);
  return w;
}
