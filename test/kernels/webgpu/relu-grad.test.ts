import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { RELU_GRAD } from '../../../src/kernels/relu-grad.js';
import { seededUniform } from '../../../src/random/uniform.js';

// ReLU's gradient as one dispatch on webgpu, against the cpu backend's
// `tf.grad(relu)`, on the software adapter.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

/** The gradient of `sum(relu(x) * dyWeights)` at `x` on `backend`: `dy` where `x > 0`, else 0. */
async function reluGradOn(backend: string, x: Float32Array, dy: Float32Array, shape: number[]): Promise<Float32Array> {
  await tf.setBackend(backend);
  const grad = tf.tidy(() => {
    const dyT = tf.tensor(dy, shape);
    return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), dyT)))(tf.tensor(x, shape));
  });
  const out = (await grad.data()) as Float32Array;
  grad.dispose();
  return out;
}

describe.skipIf(unavailable !== null)(`ReLU's gradient on webgpu${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('is the toolkit kernel, one dispatch', async () => {
    await tf.setBackend('webgpu');
    expect(tf.getKernel(RELU_GRAD, 'webgpu')).toBeDefined();
  });

  it.each([[[2, 5, 5, 3]], [[7]], [[1, 3, 3, 1]]])('%j: equals cpu, zeros at x <= 0 included', async (shape) => {
    const size = tf.util.sizeFromShape(shape);
    const x = seededUniform(size, `x${shape}`, -1, 1);
    x[0] = 0;
    const dy = seededUniform(size, `dy${shape}`, -2, 2);
    const before = tf.memory().numTensors;
    const expected = await reluGradOn('cpu', x, dy, shape);
    const actual = await reluGradOn('webgpu', x, dy, shape);
    expect(tf.memory().numTensors).toBe(before);
    expect(actual[0]).toBe(0);
    expect([...actual]).toEqual([...expected].map((v) => (v === 0 ? 0 : v)));
  });
});
