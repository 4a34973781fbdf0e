import * as tf from '@tensorflow/tfjs';
import type { ZeroCostProxy } from './api.js';
import { lossGradients, prunableWeights } from './loss-gradients.js';

/**
 * grad_norm (Abdelfattah et al., "Zero-Cost Proxies for Lightweight NAS",
 * ICLR 2021): the Euclidean norm of the loss gradient of each conv and
 * linear weight tensor at initialisation, summed over the tensors (their
 * code sums per-layer norms rather than taking one global norm).
 */
export const gradNorm: ZeroCostProxy = {
  name: 'grad_norm',
  needsBatch: true,
  summary: 'sum over layers of the norm of dL/dw (Abdelfattah et al. 2021), one batch',
  score({ net, batch }) {
    return tf.tidy(() => {
      const weights = prunableWeights(net).map(([, v]) => v);
      const grads = lossGradients(net, batch!, weights);
      const terms = grads.flatMap((g) => (g ? [tf.norm(g)] : []));
      return terms.length === 0 ? 0 : (tf.addN(terms).dataSync()[0] ?? 0);
    });
  },
};
