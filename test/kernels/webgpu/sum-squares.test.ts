import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { relError } from '../../../src/kernels/index.js';
import { SUMS_OF_SQUARES, fusedSumOfSquares } from '../../../src/kernels/webgpu/index.js';
import { seededUniform } from '../../../src/random/uniform.js';
import { clipByGlobalNorm } from '../../../src/train/optim/index.js';

// The WGSL sums of squares (a step's gradient norm for clipping, one
// dispatch per group of gradients) against the cpu backend, on the software
// adapter.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

/** 40 tensors (more than one shader binds), of sizes from 1 to over 4,096 elements. */
const SHAPES = Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? [3, 3, 16, 32] : i % 3 === 0 ? [1] : [i, 5]));

async function normAndClipped(backend: string): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const xs = tf.tidy(() => SHAPES.map((shape, i) => tf.tensor(seededUniform(tf.util.sizeFromShape(shape), `sq${i}`, -1, 1), shape)));
  const squares = tf.tidy(() => fusedSumOfSquares(xs) ?? tf.addN(xs.map((x) => tf.sum(tf.square(x)))));
  const clipped = clipByGlobalNorm(xs, 2);
  const out = [squares, ...clipped];
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([...xs, ...out]);
  return values;
}

describe.skipIf(unavailable !== null)(`the WGSL sums of squares${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('is registered on webgpu and used only there', async () => {
    expect(tf.getKernel(SUMS_OF_SQUARES, 'webgpu')).toBeDefined();
    await tf.setBackend('cpu');
    const x = tf.ones([3]);
    expect(fusedSumOfSquares([x])).toBeNull();
    x.dispose();
    await tf.setBackend('webgpu');
  });

  it('gives the sum of squares of 40 tensors and the clipped gradients of cpu', async () => {
    const expected = await normAndClipped('cpu');
    const actual = await normAndClipped('webgpu');
    await tf.setBackend('webgpu');
    expect(actual.length).toBe(expected.length);
    expect(expected[0]![0]).toBeGreaterThan(4);
    expected.forEach((e, i) => expect(relError(actual[i]!, e), `output ${i}`).toBeLessThan(1e-5));
  });
});
