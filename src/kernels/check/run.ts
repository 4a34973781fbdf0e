import * as tf from '@tensorflow/tfjs';
import { seededUniform } from '../../random/uniform.js';
import type { GradCase, GradCheckResult } from './api.js';

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Input gradients of `fn` on the active backend, for fixed inputs and a
 * seeded output cotangent. Read with `await data()`: WebGPU cannot read
 * synchronously under Node.
 */
async function gradients(fn: (...inputs: tf.Tensor[]) => tf.Tensor, c: GradCase, values: readonly Float32Array[], seed: string) {
  const grads = tf.tidy(() => {
    const xs = values.map((v, i) => tf.tensor(v, [...(c.inputs[i]?.shape ?? [])]));
    const out = fn(...xs);
    const dy = tf.tensor(seededUniform(out.size, `${seed}/dy`), out.shape);
    return tf.grads((...args: tf.Tensor[]) => fn(...args))(xs, dy);
  });
  try {
    return await Promise.all(grads.map(async (g) => (await g.data()).slice() as Float32Array));
  } finally {
    tf.dispose(grads);
  }
}

/** max |a - e| / max |e|; infinite when shapes differ or a value is NaN. */
export function relError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs((actual[i] as number) - (expected[i] as number));
    if (Number.isNaN(d)) return Number.POSITIVE_INFINITY;
    diff = Math.max(diff, d);
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return diff / Math.max(scale, 1e-12);
}

/**
 * Check one case: input gradients on `backend` against the cpu backend's
 * gradients of the reference, on the same seeded inputs and cotangent.
 * Leaves `backend` active.
 */
export async function checkGradient(c: GradCase, backend: string, seed = 'grad-check'): Promise<GradCheckResult[]> {
  const values = c.inputs.map((input) => seededUniform(size(input.shape), `${seed}/${c.op}/${c.label}/${input.name}`));
  await tf.setBackend('cpu');
  const expected = await gradients(c.reference ?? c.fn, c, values, seed);
  await tf.setBackend(backend);
  const actual = await gradients(c.fn, c, values, seed);
  return c.inputs.map((input, i) => ({
    op: c.op,
    label: c.label,
    input: input.name,
    kernel: input.kernel,
    relError: relError(actual[i] ?? new Float32Array(), expected[i] ?? new Float32Array()),
  }));
}
