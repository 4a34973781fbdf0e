import * as tf from '@tensorflow/tfjs';
import { gradients } from '../../autodiff/gradients.js';
import type { ZcContext, ZeroCostProxy } from './api.js';
import { checkLinearNb201, linearNb201 } from './linear-nb201.js';

/**
 * The score of a network whose synaptic flow is zero (no path from input to
 * output: every cell cut by `none` edges): the logarithm of the smallest
 * positive double (about -744.4), below the logarithm of any flow a float64
 * computation can tell from zero. Finite, so it stays plain JSON and keeps
 * Pearson's r defined, where `-Infinity` is neither.
 */
export const ZERO_FLOW_SCORE = Math.log(Number.MIN_VALUE);

/** Whether a parameter is a weight synflow sums over: conv and linear weights, not biases or BatchNorm (Abdelfattah et al.'s code does the same). */
export const isSynflowWeight = (name: string) => name.endsWith('.weight');

/**
 * The summed synflow and the log of its scale: `S = sum(total) * e^log`.
 * Weights are taken absolute, the input is all ones, BatchNorm is removed;
 * the gradient is of the rescaled mantissa, whose scale is a constant, so
 * `theta * dR/dtheta = e^log * theta * dR'/dtheta` exactly.
 */
export function synflowParts(context: ZcContext): { total: number; log: number } {
  return tf.tidy(() => {
    // Conv and linear weights and the classifier's bias; BatchNorm's parameters are left out with BatchNorm.
    const named = context.net.network.namedParameters().filter(([name]) => name.endsWith('.weight') || name.endsWith('.bias'));
    const values = named.map(([, v]) => tf.abs(v));
    let log = 0;
    const { grads } = gradients(() => {
      const out = linearNb201(context.net, new Map(named.map(([name], i) => [name, values[i]!])), context.input.image);
      log = out.log;
      return tf.sum(out.mantissa);
    }, values);
    // A weight no path reaches (an op feeding a node cut off from the output) has no gradient and adds nothing.
    const terms = named.flatMap(([name], i) => (isSynflowWeight(name) && grads[i] ? [tf.sum(tf.mul(values[i]!, grads[i]!))] : []));
    const total = terms.length === 0 ? 0 : (tf.addN(terms).dataSync()[0] ?? 0);
    return { total, log };
  });
}

/**
 * SynFlow (Tanaka et al., "Pruning neural networks without any data by
 * iteratively conserving synaptic flow", NeurIPS 2020), as a NAS proxy by
 * Abdelfattah et al. (ICLR 2021): with every weight replaced by its absolute
 * value, BatchNorm removed and an all-ones image as input, `R = 1^T f(1)`
 * and the score is `S = sum over conv and linear weights theta of
 * theta * dR/dtheta` (the sum of the per-weight synaptic saliencies). Data
 * free. tfjs has no float64 and `S` overflows float32 on deep NB201 networks,
 * so the activations are rescaled after every cell with the logarithm of the
 * scale carried (`linearNb201`), and the score is `ln S`: the same ranking
 * as `S`, in range.
 */
export const synflow: ZeroCostProxy = {
  name: 'synflow',
  needsBatch: false,
  summary: 'log of the summed synaptic flow (Tanaka et al. 2020; Abdelfattah et al. 2021), data-free, NB201 network',
  check: checkLinearNb201,
  score(context) {
    const { total, log } = synflowParts(context);
    return total > 0 ? Math.log(total) + log : ZERO_FLOW_SCORE;
  },
};
