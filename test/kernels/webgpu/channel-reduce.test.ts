import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { CHANNEL_MOMENTS, channelMoments } from '../../../src/kernels/channel-moments.js';
import { CHANNEL_SUMS, channelSums } from '../../../src/kernels/channel-sums.js';
import { relError } from '../../../src/kernels/index.js';
import { seededUniform } from '../../../src/random/uniform.js';

// The toolkit's WGSL per-channel reductions (a BatchNorm's statistics and the
// sums of its backward pass) against the cpu backend's tfjs reductions.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

async function reductions(backend: string, shape: number[], offset: number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const size = shape.reduce((p, d) => p * d, 1);
  const out = tf.tidy(() => {
    // An offset mean (BatchNorm inputs are not centred) tests the two-pass variance.
    const a = tf.add(tf.tensor(seededUniform(size, 'reduce a', -1, 1), shape), offset);
    const b = tf.tensor(seededUniform(size, 'reduce b', -1, 1), shape);
    const withB = channelSums(a, b);
    const alone = channelSums(a);
    const { mean, variance } = channelMoments(a);
    return [withB.sum, withB.dot, alone.dot, mean, variance];
  });
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(out);
  return values;
}

describe.skipIf(unavailable !== null)(`the WGSL channel reductions${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('are registered on webgpu', () => {
    expect(tf.getKernel(CHANNEL_SUMS, 'webgpu')).toBeDefined();
    expect(tf.getKernel(CHANNEL_MOMENTS, 'webgpu')).toBeDefined();
  });

  it.each([
    [[2, 5, 5, 3], 0],
    [[3, 7, 6, 16], 3],
    [[1, 1, 1, 5], 0],
    // More rows than a workgroup's threads (256) and than 4096 (the wider workgroup).
    [[8, 24, 24, 4], 10],
  ] as const)('%j, mean offset %d: same sums and moments as cpu', async (shape, offset) => {
    const expected = await reductions('cpu', [...shape], offset);
    const actual = await reductions('webgpu', [...shape], offset);
    await tf.setBackend('webgpu');
    const names = ['sum', 'dot', 'squares', 'mean', 'variance'];
    expected.forEach((e, i) => expect(relError(actual[i]!, e), names[i]).toBeLessThan(1e-5));
  });
});
