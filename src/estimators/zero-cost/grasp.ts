import * as tf from '@tensorflow/tfjs';
import type { ZeroCostProxy } from './api.js';
import { lossGradients, prunableWeights } from './loss-gradients.js';

/** The weight step of the central difference, relative to the weights' norm (small enough for ReLU kinks, large enough for float32). */
const STEP = 1e-3;

/**
 * GraSP (Wang et al., "Picking Winning Tickets Before Training by Preserving
 * Gradient Flow", ICLR 2020), summed as a NAS proxy by Abdelfattah et al.
 * (ICLR 2021): `-sum over conv and linear weights theta of theta * (H g)`,
 * g the loss gradient and H the loss Hessian at initialisation. tfjs cannot
 * differentiate its convolution gradients again, so `H g` is a central
 * difference of gradients: `(g(theta + e g) - g(theta - e g)) / 2e`, with
 * `e |g| = 1e-3 |theta|`; the weights are restored after.
 */
export const grasp: ZeroCostProxy = {
  name: 'grasp',
  needsBatch: true,
  summary: '-w * Hg, the gradient-flow preservation of GraSP (Wang et al. 2020), one batch',
  score({ net, batch }) {
    const weights = prunableWeights(net).map(([, v]) => v);
    const saved = weights.map((w) => tf.clone(w));
    try {
      return tf.tidy(() => {
        const g = lossGradients(net, batch!, weights).map((x, i) => x ?? tf.zerosLike(weights[i]!));
        const norm = (ts: readonly tf.Tensor[]) => Math.sqrt(tf.addN(ts.map((t) => tf.sum(tf.square(t)))).dataSync()[0] ?? 0);
        const gNorm = norm(g);
        if (!(gNorm > 0)) return 0;
        const e = (STEP * norm(weights)) / gNorm;
        const at = (sign: number) => {
          weights.forEach((w, i) => w.assign(tf.add(saved[i]!, tf.mul(g[i]!, sign * e))));
          return lossGradients(net, batch!, weights).map((x, i) => x ?? tf.zerosLike(weights[i]!));
        };
        const plus = at(1);
        const minus = at(-1);
        const terms = saved.map((w, i) => tf.sum(tf.mul(w, tf.div(tf.sub(plus[i]!, minus[i]!), 2 * e))));
        return -(tf.addN(terms).dataSync()[0] ?? 0);
      });
    } finally {
      weights.forEach((w, i) => w.assign(saved[i]!));
      for (const t of saved) t.dispose();
    }
  },
};
