import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { seededUniform } from '../../src/random/uniform.js';

// relu's gradient (the toolkit's on every backend: one SIMD sweep on wasm) against cpu.
async function grad(backend: string, shape: number[]): Promise<{ dx: number[]; kernels: string[] }> {
  await initBackend(backend);
  const size = tf.util.sizeFromShape(shape);
  // Exact zeros in x too: their gradient is 0, as tfjs's step(0) = 0.
  const x = tf.tensor(
    seededUniform(size, `relu x ${shape}`).map((v, i) => (i % 7 === 0 ? 0 : v)),
    shape,
  );
  const dy = tf.tensor(seededUniform(size, `relu dy ${shape}`), shape);
  let dx: number[] = [];
  const profile = await tf.profile(() => {
    const g = tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy);
    dx = Array.from(g.dataSync());
    g.dispose();
  });
  tf.dispose([x, dy]);
  return { dx, kernels: profile.kernels.map((k) => k.name) };
}

describe('relu gradient', () => {
  it.each([[[2, 5, 7, 8]], [[3, 4]], [[2, 5, 7, 3]], [[7]]] as const)('%j: equals cpu', async (shape) => {
    const expected = await grad('cpu', [...shape]);
    const actual = await grad('wasm', [...shape]);
    // Equal values; the sign of a zero may differ (tfjs's dy * 0 keeps dy's sign).
    const unsigned = (v: number[]) => v.map((e) => e + 0);
    expect(unsigned(actual.dx)).toEqual(unsigned(expected.dx));
    const simd = tf.util.sizeFromShape([...shape]) % 4 === 0;
    expect(actual.kernels.includes('TfjsNasReluGrad')).toBe(simd);
    expect(actual.kernels.includes(tf.Step)).toBe(!simd);
  });
});
