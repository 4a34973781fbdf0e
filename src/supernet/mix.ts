import * as tf from '@tensorflow/tfjs';
import type { RowChoice } from './api.js';

/**
 * The terms of one mixed row: each chosen option's output (`run` returns null
 * for options that compute nothing, like `none`), times its weight when the
 * choice is weighted.
 */
export function mixTerms(
  choice: RowChoice | undefined,
  names: readonly string[],
  run: (name: string) => tf.Tensor4D | null,
): tf.Tensor4D[] {
  if (!choice) return [];
  const terms: tf.Tensor4D[] = [];
  choice.options.forEach((index, i) => {
    const y = run(names[index] ?? `#${index}`);
    if (y === null) return;
    const w = choice.weights?.[i];
    terms.push(w ? tf.mul(y, w) : y);
  });
  return terms;
}

/** Sum of terms; `zero()` when there are none (a node or layer whose inputs are all switched off). */
export function sumTerms(terms: readonly tf.Tensor4D[], zero: () => tf.Tensor4D): tf.Tensor4D {
  if (terms.length === 0) return zero();
  return terms.length === 1 ? terms[0]! : tf.addN([...terms]);
}

/** Run an op that must exist in `ops` (null means it computes nothing). */
export function lookup<T>(ops: ReadonlyMap<string, T | null>, name: string, where: string): T | null {
  if (!ops.has(name)) throw new Error(`${where} has no op '${name}' (it has ${[...ops.keys()].join(', ')})`);
  return ops.get(name) ?? null;
}
