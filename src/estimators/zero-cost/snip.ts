import * as tf from '@tensorflow/tfjs';
import type { ZeroCostProxy } from './api.js';
import { lossGradients, prunableWeights } from './loss-gradients.js';

/**
 * SNIP (Lee et al., "SNIP: Single-shot Network Pruning based on Connection
 * Sensitivity", ICLR 2019), summed over the network as a NAS proxy by
 * Abdelfattah et al. (ICLR 2021): `sum over conv and linear weights theta of
 * |theta * dL/dtheta|`, L the cross-entropy of one batch at initialisation.
 */
export const snip: ZeroCostProxy = {
  name: 'snip',
  needsBatch: true,
  summary: 'summed connection sensitivity |w * dL/dw| (Lee et al. 2019), one batch',
  score({ net, batch }) {
    return tf.tidy(() => {
      const weights = prunableWeights(net).map(([, v]) => v);
      const grads = lossGradients(net, batch!, weights);
      const terms = weights.flatMap((w, i) => (grads[i] ? [tf.sum(tf.abs(tf.mul(w, grads[i]!)))] : []));
      return terms.length === 0 ? 0 : (tf.addN(terms).dataSync()[0] ?? 0);
    });
  },
};
