import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { relError } from '../../../src/kernels/index.js';
import { BATCH_NORM_INPUT_GRAD, BATCH_NORM_NORMALIZE, fusedBatchNormAvailable } from '../../../src/kernels/webgpu/index.js';
import { BATCH_NORM_NORMALIZE_RUNNING, BLEND, multiOutputDispatches } from '../../../src/kernels/webgpu/index.js';
import { BatchNorm } from '../../../src/ops/batch-norm.js';
import { batchNormTrain } from '../../../src/ops/batch-norm-train.js';
import { seededUniform } from '../../../src/random/uniform.js';
import { gradsOf } from '../../../src/train/grads.js';

// A training BatchNorm with the fused WGSL statistics (packed [mean;
// variance]), normalisation and input gradient (one dispatch each) against
// the cpu backend's op-composed form: output, batch statistics and the
// gradients of x, gamma and beta, on the software adapter.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

async function forwardAndGrads(backend: string, shape: [number, number, number, number], affine: boolean): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const channels = shape[3];
  const out = tf.tidy(() => {
    const x = tf.tensor4d(seededUniform(tf.util.sizeFromShape(shape), 'bn x', -3, 5), shape);
    const gamma = tf.tensor1d(seededUniform(channels, 'bn gamma', 0.5, 1.5));
    const beta = tf.tensor1d(seededUniform(channels, 'bn beta', -1, 1));
    const dy = tf.tensor4d(seededUniform(tf.util.sizeFromShape(shape), 'bn dy', -1, 1), shape);
    const stats: tf.Tensor[] = [];
    const f = (...t: tf.Tensor[]) =>
      batchNormTrain(t[0] as tf.Tensor4D, affine ? (t[1] as tf.Tensor1D) : null, affine ? (t[2] as tf.Tensor1D) : null, 1e-5, (s) =>
        stats.push(tf.keep(s.mean.clone()), tf.keep(s.variance.clone())),
      );
    const inputs = affine ? [x, gamma, beta] : [x];
    const value = f(...inputs);
    const grads = tf.grads(f)(inputs, dy);
    // The gradient runs the forward again: its statistics are the same, freed here.
    tf.dispose(stats.splice(2));
    return [value, ...grads, ...stats];
  });
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(out);
  return values;
}

describe.skipIf(unavailable !== null)(`the fused WGSL BatchNorm${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('is registered on webgpu and used only there', async () => {
    expect(tf.getKernel(BATCH_NORM_NORMALIZE, 'webgpu')).toBeDefined();
    expect(tf.getKernel(BATCH_NORM_INPUT_GRAD, 'webgpu')).toBeDefined();
    expect(fusedBatchNormAvailable()).toBe(true);
    await tf.setBackend('cpu');
    expect(fusedBatchNormAvailable()).toBe(false);
    await tf.setBackend('webgpu');
  });

  it.each([
    [[2, 5, 5, 3], true],
    [[2, 5, 5, 3], false],
    [[4, 8, 8, 16], true],
    [[3, 7, 6, 8], false],
    // 4,096 rows: the packed moments and sums take 256-thread workgroups (the largest batch whose forward is one dispatch).
    [[4, 32, 32, 8], false],
    // 4,608 rows: past WHOLE_MAX_ROWS, the packed moments and a separate normalisation (and input gradient).
    [[2, 48, 48, 4], true],
    [[2, 48, 48, 4], false],
  ] as const)('%j (affine: %s): the output, statistics and gradients of cpu', async (shape, affine) => {
    const expected = await forwardAndGrads('cpu', [...shape], affine);
    const actual = await forwardAndGrads('webgpu', [...shape], affine);
    await tf.setBackend('webgpu');
    expect(actual.length).toBe(expected.length);
    expect(actual.length).toBe(affine ? 6 : 4);
    expected.forEach((e, i) => expect(relError(actual[i]!, e), `output ${i}`).toBeLessThan(1e-5));
  });

  it('runs the forward and backward passes of a small batch as one multi-output dispatch each, of a large one as before', async () => {
    await tf.setBackend('webgpu');
    for (const [shape, dispatches] of [
      [[2, 5, 5, 3], 2],
      [[2, 48, 48, 4], 0],
    ] as const) {
      const size = tf.util.sizeFromShape([...shape]);
      const x = tf.tensor4d(seededUniform(size, 'whole', -1, 1), [...shape]);
      const w = tf.tensor4d(seededUniform(size, 'whole w', -1, 1), [...shape]);
      const before = multiOutputDispatches();
      const dx = tf.grad((t: tf.Tensor) =>
        tf.sum(
          tf.mul(
            batchNormTrain(t as tf.Tensor4D, null, null, 1e-5, () => {}),
            w,
          ),
        ),
      )(x);
      await dx.data();
      expect(multiOutputDispatches() - before, `[${shape}]`).toBe(dispatches);
      tf.dispose([x, w, dx]);
    }
  });

  it.each([
    ['one dispatch for the whole forward pass', [2, 4, 4, 6]],
    ['the running statistics in the normalisation', [2, 48, 48, 6]],
  ] as const)('updates the running statistics as cpu does (%s), over three training batches', async (_, shape) => {
    expect(tf.getKernel(BLEND, 'webgpu')).toBeDefined();
    expect(tf.getKernel(BATCH_NORM_NORMALIZE_RUNNING, 'webgpu')).toBeDefined();
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const bn = new BatchNorm(6, true);
      const outputs: tf.Tensor[] = [];
      for (let i = 0; i < 3; i++) {
        // Under a gradient of the parameters, as in training (gradsOf, src/train); the output weighted so that its
        // sum depends on every normalised element.
        const size = tf.util.sizeFromShape([...shape]);
        const x = tf.tensor4d(seededUniform(size, `running ${i}`, -2, 3 + i), [...shape] as [number, number, number, number]);
        const w = tf.tensor4d(seededUniform(size, `weights ${i}`, -1, 1), [...shape] as [number, number, number, number]);
        const { value, grads } = gradsOf(() => tf.sum(tf.mul(bn.forward(x, true), w)) as tf.Scalar, bn.parameters());
        outputs.push(value);
        tf.dispose([x, w, ...grads.filter((g): g is tf.Tensor => g !== null)]);
      }
      const values = await Promise.all(
        [...bn.namedBuffers().map(([, b]) => b), ...outputs].map(async (t) => (await t.data()) as Float32Array),
      );
      tf.dispose(outputs);
      bn.dispose();
      return values;
    };
    const expected = await run('cpu');
    const recorded = multiOutputDispatches();
    const actual = await run('webgpu');
    // One multi-output dispatch per training batch: the whole forward pass, or the normalisation writing the statistics too.
    expect(multiOutputDispatches() - recorded).toBe(3);
    // The two running statistics, then the three batches' weighted output sums.
    expect(expected.length).toBe(5);
    expected.forEach((e, i) => expect(relError(actual[i]!, e), `buffer or output ${i}`).toBeLessThan(i < 2 ? 1e-6 : 1e-5));
  });
});
