import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import {
  cholesky,
  jacobCov,
  logDet,
  naswot,
  SINGULAR_SCORE,
  traceOfInverse,
  ZeroCostEstimator,
} from '../../../src/estimators/zero-cost/index.js';
import { parseGenotype } from '../../../src/space/index.js';
import type { CellArchitecture, CellSpace } from '../../../src/space/api.js';
import { FixedNetwork } from '../../../src/supernet/index.js';
import { expectNasErrorSync } from '../../helpers/expect-nas-error.js';

const space = spaceByName('nb201') as CellSpace;
const small = { kind: 'nb201', channels: 4, cellsPerStage: 1, inputChannels: 3, classes: 10 } as const;
const input = { image: [8, 8, 3], classes: 10 } as const;
const ARCH = '|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|';

/** `n` copies of one random image, or `n` different ones. */
function batchOf(n: number, same: boolean) {
  return tf.tidy(() => {
    const one = tf.randomNormal([same ? 1 : n, 8, 8, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
    return {
      x: (same ? tf.tile(one, [n, 1, 1, 1]) : one) as tf.Tensor4D,
      labels: tf.tensor1d(
        [...Array(n).keys()].map((i) => i % 10),
        'int32',
      ),
    };
  });
}

function withNet<T>(f: (net: FixedNetwork) => T): T {
  const net = new FixedNetwork(space, small, parseGenotype(space, ARCH) as CellArchitecture, { seed: 4 });
  try {
    return f(net);
  } finally {
    net.dispose();
  }
}

describe('proxies that need a batch', () => {
  it('say so in one line when the estimator has none', () => {
    for (const name of ['snip', 'grad_norm', 'grasp', 'fisher', 'jacob_cov', 'naswot'])
      expectNasErrorSync(() => new ZeroCostEstimator(space, name, { input }), `zc:${name} needs a batch of images`);
  });

  it('jacob_cov of a batch of one image repeated is that of a correlation matrix of ones: -(ln(n+k) + (n-1) ln k + 1/(n+k) + (n-1)/k)', () => {
    const n = 6;
    const k = 1e-5;
    const batch = batchOf(n, true);
    const score = withNet((net) => jacobCov.score({ net, input, batch }));
    tf.dispose(batch);
    const expected = -(Math.log(n + k) + (n - 1) * Math.log(k) + 1 / (n + k) + (n - 1) / k);
    expect(Math.abs(score / expected - 1)).toBeLessThan(1e-3);
  });

  it('jacob_cov scores different images above the same image repeated', () => {
    const same = batchOf(6, true);
    const different = batchOf(6, false);
    const [a, b] = withNet((net) => [jacobCov.score({ net, input, batch: different }), jacobCov.score({ net, input, batch: same })]);
    tf.dispose([same, different]);
    expect(a).toBeGreaterThan(b!);
  });

  it('naswot: one image repeated has one activation code, a singular kernel; different images score at least 0 (|det| of an integer matrix >= 1)', () => {
    const same = batchOf(4, true);
    const different = batchOf(4, false);
    const [a, b] = withNet((net) => [naswot.score({ net, input, batch: same }), naswot.score({ net, input, batch: different })]);
    tf.dispose([same, different]);
    expect(a).toBe(SINGULAR_SCORE);
    expect(b).toBeGreaterThanOrEqual(0);
  });

  it('leaves the backend with its own Relu kernel (naswot wraps it only while it reads the codes)', () => {
    const before = tf.getKernel(tf.Relu, tf.getBackend());
    const batch = batchOf(4, false);
    withNet((net) => naswot.score({ net, input, batch }));
    tf.dispose(batch);
    expect(tf.getKernel(tf.Relu, tf.getBackend())?.kernelFunc).toBe(before?.kernelFunc);
  });
});

describe('float64 Cholesky helpers', () => {
  it('give ln det and trace of the inverse of a hand-computed 3x3 matrix', () => {
    // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]]: det = 4*(15-1) - 2*(6-0) = 44; A^-1 diagonal = [14, 12, 16] / 44.
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const l = cholesky(a, 3)!;
    expect(logDet(l, 3)).toBeCloseTo(Math.log(44), 12);
    expect(traceOfInverse(l, 3)).toBeCloseTo(42 / 44, 12);
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
  });
});
