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
    // 4,096 rows: the packed moments and sums take 256-thread workgroups.
    [[4, 32, 32, 8], false],
  ] as const)('%j (affine: %s): the output, statistics and gradients of cpu', async (shape, affine) => {
    const expected = await forwardAndGrads('cpu', [...shape], affine);
    const actual = await forwardAndGrads('webgpu', [...shape], affine);
    await tf.setBackend('webgpu');
    expect(actual.length).toBe(expected.length);
    expect(actual.length).toBe(affine ? 6 : 4);
    expected.forEach((e, i) => expect(relError(actual[i]!, e), `output ${i}`).toBeLessThan(1e-5));
  });

  it("updates the running statistics as cpu does (in the normalisation's dispatch), over three training batches", async () => {
    expect(tf.getKernel(BLEND, 'webgpu')).toBeDefined();
    expect(tf.getKernel(BATCH_NORM_NORMALIZE_RUNNING, 'webgpu')).toBeDefined();
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const bn = new BatchNorm(6, true);
      const outputs: tf.Tensor[] = [];
      for (let i = 0; i < 3; i++) {
        // Under a gradient of the parameters, as in training (gradsOf, src/train); the output weighted so that its
        // sum depends on every normalised element.
        const x = tf.tensor4d(seededUniform(2 * 4 * 4 * 6, `running ${i}`, -2, 3 + i), [2, 4, 4, 6]);
        const w = tf.tensor4d(seededUniform(2 * 4 * 4 * 6, `weights ${i}`, -1, 1), [2, 4, 4, 6]);
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
    // One multi-output dispatch per training batch: the normalisation, writing both statistics too.
    expect(multiOutputDispatches() - recorded).toBe(3);
    // The two running statistics, then the three batches' weighted output sums.
    expect(expected.length).toBe(5);
    expected.forEach((e, i) => expect(relError(actual[i]!, e), `buffer or output ${i}`).toBeLessThan(i < 2 ? 1e-6 : 1e-5));
  });
});
