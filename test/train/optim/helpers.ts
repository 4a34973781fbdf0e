import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Optimizer } from '../../../src/train/optim/index.js';
import { GRADS, LRS, SHAPES, W0 } from './torch-reference.js';

/** The reference problem's two variables, fresh, from `values` (default: the initial values). */
export function makeVariables(values: readonly number[][] = W0): tf.Variable[] {
  return tf.tidy(() => SHAPES.map((shape, i) => tf.variable(tf.tensor(values[i]!, shape), true)));
}

/** Applies step `step` of the reference problem (its gradients and learning rate), freeing the gradients. */
export function applyStep(optimizer: Optimizer, step: number): void {
  const grads = SHAPES.map((shape, i) => tf.tensor(GRADS[step]![i]!, shape));
  try {
    optimizer.apply(grads, LRS[step]!);
  } finally {
    tf.dispose(grads);
  }
}

/** Each tensor's values, flat. */
export function read(tensors: readonly tf.Tensor[]): number[][] {
  return tensors.map((t) => Array.from(t.dataSync()));
}

/** The optimizer's slots of `kind`, by variable index. */
export function slotsOf(optimizer: Optimizer, kind: string): tf.Variable[] {
  return optimizer
    .slots()
    .filter(([name]) => name.startsWith(`${kind}.`))
    .map(([, v]) => v);
}

/**
 * Float32 results against PyTorch's float32 results: within 1e-6 relative,
 * plus 1e-7 absolute for entries that are small differences of larger terms.
 */
export function expectClose(actual: readonly number[][], expected: readonly (readonly number[])[], label: string): void {
  expect(
    actual.map((a) => a.length),
    label,
  ).toEqual(expected.map((e) => e.length));
  actual.forEach((values, i) =>
    values.forEach((a, j) => {
      const e = expected[i]![j]!;
      expect(Math.abs(a - e), `${label} [${i}][${j}]: ${a} vs ${e}`).toBeLessThanOrEqual(1e-6 * Math.abs(e) + 1e-7);
    }),
  );
}

export { expectNasErrorSync as expectNasError } from '../../helpers/expect-nas-error.js';
