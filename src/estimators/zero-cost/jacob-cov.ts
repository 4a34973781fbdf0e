import * as tf from '@tensorflow/tfjs';
import { withFrozenStatistics } from '../../ops/index.js';
import type { ZeroCostProxy } from './api.js';
import { cholesky, logDet, traceOfInverse } from './spd.js';

/** Added to the correlation matrix's eigenvalues, as in the paper. */
const K = 1e-5;

/**
 * jacob_cov (Mellor et al., "Neural Architecture Search without Training",
 * arXiv:2006.04647v1, 2020; a zero-cost proxy in Abdelfattah et al., ICLR
 * 2021): J holds, per image of a batch, the gradient of the summed logits
 * with respect to the image; with C the correlation matrix of J's rows and
 * lambda its eigenvalues, the score is `-sum(ln(lambda + k) + 1/(lambda + k))`,
 * k = 1e-5 (less correlated Jacobians, higher score). Computed without an
 * eigensolver: the first sum is ln det(C + kI), the second trace((C + kI)^-1),
 * both from a float64 Cholesky factor.
 */
export const jacobCov: ZeroCostProxy = {
  name: 'jacob_cov',
  needsBatch: true,
  summary: 'spread of the input Jacobians over a batch (Mellor et al. 2020, v1), one batch',
  score({ net, batch }) {
    const x = batch!.x;
    const n = x.shape[0];
    const c = tf.tidy(() => {
      const j = withFrozenStatistics(() => tf.grad((input: tf.Tensor) => tf.sum(net.forward(input as tf.Tensor4D, true)))(x));
      const rows = tf.reshape(j, [n, -1]);
      const centred = tf.sub(rows, tf.mean(rows, 1, true));
      const unit = tf.div(centred, tf.maximum(tf.norm(centred, 'euclidean', 1, true), 1e-30));
      return tf.matMul(unit, unit, false, true).dataSync();
    });
    const a = Float64Array.from(c);
    for (let i = 0; i < n; i++) a[i * n + i] = a[i * n + i]! + K;
    const l = cholesky(a, n);
    // C + kI has eigenvalues >= k, so only a broken computation lands here.
    if (l === null) throw new Error("jacob_cov: the Jacobians' correlation matrix plus kI is not positive definite");
    return -(logDet(l, n) + traceOfInverse(l, n));
  },
};
