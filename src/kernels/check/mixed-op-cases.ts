import * as tf from '@tensorflow/tfjs';
import type { GradCase } from './api.js';
import { fusedWeightedSum } from '../webgpu/weighted-sum.js';

const KERNEL = 'mixed-op weighted sum (WeightedSum)';

/**
 * A node of a relaxed supernet, `Σ_k o_k * w[at_k]` over its edges' ops
 * (DARTS, Liu et al. 2019): one kernel on webgpu (`fusedWeightedSum`,
 * chunked past the storage buffers a shader binds), a multiply per term and
 * `addN` elsewhere; the reference is the latter on cpu. Gradients of every
 * term and of the weight matrix.
 */
export function mixedOpCases(scope: 'full' | 'quick'): GradCase[] {
  return (scope === 'full' ? [3, 20] : [3]).map((terms) => {
    const at = Array.from({ length: terms }, (_, k) => (k * 5 + 1) % 24);
    const composed = (...inputs: tf.Tensor[]) => {
      const flat = tf.reshape(inputs[terms]!, [-1]);
      return tf.addN(inputs.slice(0, terms).map((x, k) => tf.mul(x, tf.slice(flat, [at[k]!], [1]).reshape([]))));
    };
    return {
      op: 'weightedSum',
      label: `${terms} terms of 2x5x5x3, weights 4x6`,
      inputs: [...at.map((_, k) => ({ name: `x${k}`, shape: [2, 5, 5, 3], kernel: KERNEL })), { name: 'w', shape: [4, 6], kernel: KERNEL }],
      fn: (...inputs) => fusedWeightedSum(inputs.slice(0, terms) as tf.Tensor4D[], inputs[terms]!, at) ?? composed(...inputs),
      reference: composed,
    };
  });
}
