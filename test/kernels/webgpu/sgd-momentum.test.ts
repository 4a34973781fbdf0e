import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { relError } from '../../../src/kernels/index.js';
import {
  SGD_DESCEND,
  SGD_MOMENTUM_BUFFER,
  SGD_MOMENTUM_GROUP,
  fusedSgdAvailable,
  multiOutputDispatches,
  sgdGroupSize,
} from '../../../src/kernels/webgpu/index.js';
import { seededUniform } from '../../../src/random/uniform.js';
import { SgdMomentum } from '../../../src/train/optim/index.js';

// The fused SGD-momentum kernels (buffer update and weight step, one
// dispatch each) against the cpu backend's op-composed PyTorch rule, on the
// software adapter.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

const SHAPES = [[3, 3, 4, 8], [8], [5, 1]];

/**
 * Three SGD steps on `backend`, the last on scaled gradients: the second
 * variable has no gradient at the first step (its buffer starts at the
 * second), the rest do every step.
 * Returns the weights and momentum buffers after them.
 */
async function threeSteps(backend: string, options: { dampening: number; weightDecay: number }): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const vars = tf.tidy(() =>
    SHAPES.map((shape, i) => tf.variable(tf.tensor(seededUniform(tf.util.sizeFromShape(shape), `w${i}`, -1, 1), shape))),
  );
  const sgd = new SgdMomentum(vars, { momentum: 0.9, ...options });
  for (let step = 0; step < 3; step++) {
    const grads = SHAPES.map((shape, i) =>
      step === 0 && i === 1 ? null : tf.tensor(seededUniform(tf.util.sizeFromShape(shape), `g${step}.${i}`, -2, 2), shape),
    );
    // The last step on gradients scaled by a clipping coefficient on the device.
    const scale = tf.scalar(0.375);
    if (step === 2) sgd.applyScaled(grads, 0.05 * (step + 1), scale);
    else sgd.apply(grads, 0.05 * (step + 1));
    tf.dispose([scale, ...grads.filter((g): g is tf.Tensor => g !== null)]);
  }
  const out = [...vars, ...sgd.slots().map(([, v]) => v)];
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  sgd.dispose();
  tf.dispose(vars);
  return values;
}

describe.skipIf(unavailable !== null)(`the fused SGD-momentum kernels${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('are registered on webgpu and only there', async () => {
    await tf.setBackend('webgpu');
    expect(tf.getKernel(SGD_MOMENTUM_BUFFER, 'webgpu')).toBeDefined();
    expect(tf.getKernel(SGD_DESCEND, 'webgpu')).toBeDefined();
    expect(fusedSgdAvailable()).toBe(true);
    await tf.setBackend('cpu');
    expect(fusedSgdAvailable()).toBe(false);
  });

  it.each([
    { dampening: 0, weightDecay: 3e-4 },
    { dampening: 0.1, weightDecay: 0.01 },
    { dampening: 0, weightDecay: 0 },
  ])('%j: the weights and buffers of cpu after three steps, a late first gradient included', async (options) => {
    const expected = await threeSteps('cpu', options);
    const recorded = multiOutputDispatches();
    const actual = await threeSteps('webgpu', options);
    // Tensors are stepped sgdGroupSize() per dispatch: 2 the first step (one has no gradient), 3 the next two.
    const k = sgdGroupSize();
    expect(tf.getKernel(SGD_MOMENTUM_GROUP, 'webgpu')).toBeDefined();
    expect(k).toBeGreaterThanOrEqual(2);
    expect(multiOutputDispatches() - recorded).toBe(Math.ceil(2 / k) + 2 * Math.ceil(3 / k));
    expect(actual.length).toBe(expected.length);
    expected.forEach((e, i) => expect(relError(actual[i]!, e), `tensor ${i}`).toBeLessThan(1e-6));
  });
});
