import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { relError } from '../../../src/kernels/index.js';
import { multiOutputDispatches } from '../../../src/kernels/webgpu/index.js';
import { seededUniform } from '../../../src/random/uniform.js';

// SplitV in one WGSL dispatch (every part written by one shader) against
// the cpu backend, and the gradient of a cell-like channel concat, on the
// software adapter.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

async function splitOn(backend: string, shape: number[], sizes: number[] | number, axis: number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const parts = tf.tidy(() =>
    tf.split(tf.tensor(seededUniform(tf.util.sizeFromShape(shape), `split ${shape}`, -1, 1), shape), sizes, axis),
  );
  const values = await Promise.all(parts.map(async (p) => (await p.data()) as Float32Array));
  tf.dispose(parts);
  return values;
}

describe.skipIf(unavailable !== null)(`SplitV in one dispatch${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it.each([
    ['a cell output into its 4 nodes (channels)', [2, 5, 5, 16], 4, 3],
    ['uneven parts of a middle axis', [3, 7, 4], [2, 4, 1], 1],
    ['the first axis', [6, 3], [1, 5], 0],
  ] as const)('%s: the parts of cpu, one dispatch', async (_, shape, sizes, axis) => {
    const expected = await splitOn('cpu', [...shape], typeof sizes === 'number' ? sizes : [...sizes], axis);
    const before = multiOutputDispatches();
    const actual = await splitOn('webgpu', [...shape], typeof sizes === 'number' ? sizes : [...sizes], axis);
    expect(multiOutputDispatches() - before).toBe(1);
    expect(actual.length).toBe(expected.length);
    expected.forEach((e, i) => expect(relError(actual[i]!, e), `part ${i}`).toBe(0));
  });

  it('falls back to slices while tfjs times kernels (tf.time)', async () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 4]);
    const before = multiOutputDispatches();
    let parts: tf.Tensor[] = [];
    await tf.time(() => {
      parts = tf.split(x, 2, 1);
    });
    expect(multiOutputDispatches()).toBe(before);
    expect(Array.from(await parts[1]!.data())).toEqual([3, 4, 7, 8, 11, 12]);
    tf.dispose([x, ...parts]);
  });

  it('gives the gradient of a channel concat (which splits it)', async () => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const grads = tf.tidy(() => {
        const xs = [0, 1, 2, 3].map((k) => tf.tensor4d(seededUniform(2 * 3 * 3 * 4, `concat ${k}`, -1, 1), [2, 3, 3, 4]));
        const dy = tf.tensor4d(seededUniform(2 * 3 * 3 * 16, 'concat dy', -1, 1), [2, 3, 3, 16]);
        return tf.grads((...t: tf.Tensor[]) => tf.concat(t as tf.Tensor4D[], 3))(xs, dy);
      });
      const values = await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array));
      tf.dispose(grads);
      return values;
    };
    const expected = await run('cpu');
    const actual = await run('webgpu');
    expected.forEach((e, i) => expect(relError(actual[i]!, e), `input ${i}`).toBe(0));
  });
});
