import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradients } from '../../../src/autodiff/gradients.js';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { relError } from '../../../src/kernels/index.js';
import { gradientGroupSize } from '../../../src/kernels/webgpu/index.js';
import { seededUniform } from '../../../src/random/uniform.js';

// The backward pass on webgpu collects each tensor's incoming gradients and
// adds them with one AddN per group (gradientGroupSize) instead of an add
// apiece: against tfjs's engine.gradients on cpu, for a tensor read by 40
// ops (groups flushed by count and by the read), a gradient handed to two
// inputs (add(h, h)) and one tensor read once; no tensor leaks (leak guard).
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

/** `x` feeds 40 scaled branches, then an op that hands its gradient to both inputs. */
function fanOut(x: tf.Tensor, w: tf.Tensor): tf.Scalar {
  const branches = Array.from({ length: 40 }, (_, k) => tf.mul(tf.relu(tf.add(x, k / 20 - 1)), tf.slice(w, [k], [1])));
  const h = tf.addN(branches);
  return tf.sum(tf.mul(tf.add(h, h), x)) as tf.Scalar;
}

async function grads(backend: string, ours: boolean): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(() => {
    const x = tf.tensor(seededUniform(24, 'fan x', -1, 1), [2, 3, 4]);
    const w = tf.tensor(seededUniform(40, 'fan w', -1, 1), [40]);
    const result = ours ? gradients(() => fanOut(x, w), [x, w]) : tf.engine().gradients(() => fanOut(x, w), [x, w], undefined, true);
    return [result.value, ...result.grads.map((g) => g!)];
  });
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(out);
  return values;
}

describe.skipIf(unavailable !== null)(`grouped gradient sums on webgpu${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('groups on webgpu only, as many as one AddN shader binds', async () => {
    expect(gradientGroupSize()).toBeGreaterThan(2);
    await tf.setBackend('cpu');
    expect(gradientGroupSize()).toBe(0);
    await tf.setBackend('webgpu');
  });

  it('gives the value and gradients of tfjs on cpu', async () => {
    const expected = await grads('cpu', false);
    const actual = await grads('webgpu', true);
    await tf.setBackend('webgpu');
    expect(actual.length).toBe(3);
    expected.forEach((e, i) => expect(relError(actual[i]!, e), `output ${i}`).toBeLessThan(1e-5));
  });
});
