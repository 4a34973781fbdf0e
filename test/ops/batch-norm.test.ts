import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BatchNorm, batchNormTrain } from '../../src/ops/index.js';
import { checkGradient } from '../../src/kernels/check/index.js';

// The fused training BN must match BatchNorm written with plain tfjs ops, value and gradients,
// against the cpu backend (whose gradients of those ops are tfjs's own).
function reference(x: tf.Tensor, gamma?: tf.Tensor, beta?: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5)));
  if (gamma) y = tf.mul(y, gamma);
  if (beta) y = tf.add(y, beta);
  return y;
}

describe('BatchNorm in training mode', () => {
  it.each([false, true])('affine=%s: gradients match plain ops on cpu', async (affine) => {
    const results = await checkGradient(
      {
        op: 'batchNorm',
        label: `affine ${affine}`,
        inputs: [
          { name: 'x', shape: [2, 5, 4, 3], kernel: 'BatchNorm input grad' },
          ...(affine
            ? [
                { name: 'gamma', shape: [3], kernel: 'BatchNorm gamma grad' },
                { name: 'beta', shape: [3], kernel: 'BatchNorm beta grad' },
              ]
            : []),
        ],
        fn: (x, gamma, beta) =>
          batchNormTrain(x as tf.Tensor4D, (gamma ?? null) as tf.Tensor1D | null, (beta ?? null) as tf.Tensor1D | null, 1e-5, () => {}),
        reference: (x, gamma, beta) => reference(x!, gamma, beta),
      },
      'wasm',
    );
    for (const r of results) expect(r.relError, r.kernel).toBeLessThan(1e-4);
  });

  it('updates running statistics with momentum 0.1 and the unbiased variance', () => {
    const bn = new BatchNorm(1, false);
    const x = tf.tensor4d([1, 2, 3, 6], [1, 2, 2, 1]);
    tf.tidy(() => void bn.forward(x, true));
    const [mean, variance] = bn.namedBuffers().map(([, v]) => v.dataSync()[0]);
    expect(mean).toBeCloseTo(0.1 * 3, 6);
    expect(variance).toBeCloseTo(0.9 + 0.1 * (14 / 3), 5);
    x.dispose();
    bn.dispose();
  });
});
