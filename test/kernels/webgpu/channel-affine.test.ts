import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { CHANNEL_AFFINE, channelAffine } from '../../../src/kernels/channel-affine.js';
import { relError } from '../../../src/kernels/index.js';
import { seededUniform } from '../../../src/random/uniform.js';

// The toolkit's WGSL channel-affine kernel (one dispatch for a BatchNorm's
// full-size map) against the cpu backend's op-composed form, values and
// gradients of every input, on the software adapter.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

async function affineAndGrads(backend: string, shape: number[], withY: boolean): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const channels = shape[shape.length - 1]!;
  const size = shape.reduce((p, d) => p * d, 1);
  const out = tf.tidy(() => {
    const x = tf.tensor(seededUniform(size, 'affine x', -2, 2), shape);
    const y = tf.tensor(seededUniform(size, 'affine y', -2, 2), shape);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => tf.tensor1d(seededUniform(channels, `affine ${n}`, -1, 1)));
    const inputs = withY ? [x, y, a!, b!, c!] : [x, a!, c!];
    const f = withY
      ? (...t: tf.Tensor[]) => channelAffine(t[0]!, t[2] as tf.Tensor1D, t[4] as tf.Tensor1D, t[1], t[3] as tf.Tensor1D)
      : (...t: tf.Tensor[]) => channelAffine(t[0]!, t[1] as tf.Tensor1D, t[2] as tf.Tensor1D);
    const value = f(...inputs);
    const dy = tf.tensor(seededUniform(size, 'affine dy', -1, 1), shape);
    const grads = tf.grads(f)(inputs, dy);
    return [value, ...grads];
  });
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(out);
  return values;
}

describe.skipIf(unavailable !== null)(`the WGSL channel affine map${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('is registered on webgpu', () => {
    expect(tf.getKernel(CHANNEL_AFFINE, 'webgpu')).toBeDefined();
  });

  it.each([
    [[2, 5, 5, 3], true],
    [[2, 5, 5, 3], false],
    [[3, 7, 6, 16], true],
    [[4, 8], false],
  ] as const)('%j (y: %s): same values and gradients as cpu', async (shape, withY) => {
    const expected = await affineAndGrads('cpu', [...shape], withY);
    const actual = await affineAndGrads('webgpu', [...shape], withY);
    await tf.setBackend('webgpu');
    expect(actual.length).toBe(expected.length);
    expected.forEach((e, i) => expect(relError(actual[i]!, e), `output ${i}`).toBeLessThan(1e-5));
  });

  it('runs past 65,535 workgroups in one dimension (tfjs reshapes the dispatch)', async () => {
    const [channels, rows] = [4, 1_100_000];
    const out = tf.tidy(() => channelAffine(tf.ones([rows, channels]), tf.tensor1d([1, 2, 3, 4]), tf.tensor1d([0.5, 0.5, 0.5, 0.5])));
    const values = await out.data();
    out.dispose();
    expect(values.length).toBe(rows * channels);
    expect(Array.from(values.slice(-4))).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect(Array.from(values.slice(0, 4))).toEqual([1.5, 2.5, 3.5, 4.5]);
  });
});
