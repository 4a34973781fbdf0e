import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { AVG_POOL_GRAD_SIMD } from '../../../src/kernels/avg-pool-grad.js';
import { relError } from '../../../src/kernels/index.js';
import { webgpuAvgPoolGradConfig, webgpuMaxPoolGradConfig } from '../../../src/kernels/webgpu/index.js';
import { seededUniform } from '../../../src/random/uniform.js';

// The toolkit's one-dispatch WGSL pooling gradients (DARTS's 3x3 pools,
// stride 1 and 2, 'same'; the auxiliary head's 5x5 stride 3 'valid' average)
// against the cpu backend, on the software adapter, with ties in the max
// pool's windows. The gradient grid's pooling cases run in gradients.test.ts.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

type Pool = 'avg' | 'max';

/** The input gradient of a pooling; values rounded to quarters so that windows hold ties. */
async function poolGrad(
  backend: string,
  kind: Pool,
  shape: number[],
  k: number,
  stride: number,
  pad: 'same' | 'valid',
): Promise<Float32Array> {
  await tf.setBackend(backend);
  const grad = tf.tidy(() => {
    const x = tf.tensor4d(
      seededUniform(tf.util.sizeFromShape(shape), `pool ${shape}`, -2, 2).map((v) => Math.round(v * 4) / 4),
      shape as [number, number, number, number],
    );
    const f = (a: tf.Tensor) =>
      kind === 'max' ? tf.maxPool(a as tf.Tensor4D, k, stride, pad) : tf.avgPool(a as tf.Tensor4D, k, stride, pad);
    const y = f(x);
    const dy = tf.tensor(seededUniform(y.size, `pool dy ${shape}`, -1, 1), y.shape);
    return tf.grad(f)(x, dy);
  });
  const values = (await grad.data()) as Float32Array;
  grad.dispose();
  return values;
}

describe.skipIf(unavailable !== null)(`pooling gradients in WGSL${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('are the registered webgpu kernels', () => {
    expect(tf.getKernel(AVG_POOL_GRAD_SIMD, 'webgpu')).toBe(webgpuAvgPoolGradConfig);
    expect(tf.getKernel(tf.MaxPoolGrad, 'webgpu')).toBe(webgpuMaxPoolGradConfig);
  });

  it.each([
    ['max', [2, 16, 16, 4], 3, 1, 'same'],
    ['max', [2, 16, 15, 3], 3, 2, 'same'],
    ['avg', [2, 16, 16, 4], 3, 1, 'same'],
    ['avg', [2, 15, 16, 3], 3, 2, 'same'],
    ['avg', [2, 8, 8, 5], 5, 3, 'valid'],
  ] as const)('%s pool %j k%d s%d %s: the gradient of cpu', async (kind, shape, k, stride, pad) => {
    const expected = await poolGrad('cpu', kind, [...shape], k, stride, pad);
    const actual = await poolGrad('webgpu', kind, [...shape], k, stride, pad);
    await tf.setBackend('webgpu');
    expect(actual.length).toBe(expected.length);
    expect(relError(actual, expected)).toBeLessThan(1e-6);
  });
});
