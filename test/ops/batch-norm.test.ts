import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BatchNorm, batchNormTrain, withFrozenStatistics } from '../../src/ops/index.js';
import { checkGradient } from '../../src/kernels/check/index.js';
import { batchNormReference } from '../helpers/batch-norm-reference.js';

// The fused training BN must match BatchNorm written with plain tfjs ops, value and gradients,
// against the cpu backend (whose gradients of those ops are tfjs's own).
const reference = batchNormReference;

describe('BatchNorm in training mode', () => {
  // Channels 3 take the op-composed reductions; channels 8 (groups of 4) the SIMD heap kernels on wasm.
  it.each([
    [false, [2, 5, 4, 3]],
    [true, [2, 5, 4, 3]],
    [false, [3, 5, 7, 8]],
    [true, [3, 5, 7, 8]],
  ] as const)('affine=%s, %j: gradients match plain ops on cpu', async (affine, shape) => {
    const channels = shape[3];
    const results = await checkGradient(
      {
        op: 'batchNorm',
        label: `affine ${affine} [${shape}]`,
        inputs: [
          { name: 'x', shape: [...shape], kernel: 'BatchNorm input grad' },
          ...(affine
            ? [
                { name: 'gamma', shape: [channels], kernel: 'BatchNorm gamma grad' },
                { name: 'beta', shape: [channels], kernel: 'BatchNorm beta grad' },
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

  it('withFrozenStatistics: a training-mode forward normalises with batch statistics but updates nothing, and the freeze ends with the call', () => {
    const bn = new BatchNorm(1, false);
    const x = tf.tensor4d([1, 2, 3, 6], [1, 2, 2, 1]);
    const stats = () => bn.namedBuffers().map(([, v]) => v.dataSync()[0]);
    const frozen = withFrozenStatistics(() => tf.tidy(() => Array.from(bn.forward(x, true).dataSync())));
    expect(stats()).toEqual([0, 1]);
    // (x - 3) / sqrt(3.5 + eps): batch statistics, not the running ones
    frozen.forEach((v, i) => expect(v).toBeCloseTo(([1, 2, 3, 6][i]! - 3) / Math.sqrt(3.5 + 1e-5), 5));
    expect(() =>
      withFrozenStatistics(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    tf.tidy(() => void bn.forward(x, true));
    expect(stats()[0]).toBeCloseTo(0.3, 6);
    x.dispose();
    bn.dispose();
  });
});
