import * as tf from '@tensorflow/tfjs';
import type { ZeroCostProxy } from './api.js';
import { lossGradients, prunableWeights } from './loss-gradients.js';

/** Recomputes an op's output from the inputs its gradient saved (the tape keeps inputs, not outputs). */
type Recompute = (saved: tf.Tensor[], attrs: tf.NamedAttrMap) => tf.Tensor;

/** The layers Fisher pruning scores: every conv (full or depthwise) and every linear layer, by kernel. */
const LAYERS: Readonly<Record<string, Recompute>> = {
  [tf.Conv2D]: ([x, filter], a) =>
    tf.conv2d(
      x as tf.Tensor4D,
      filter as tf.Tensor4D,
      a.strides as [number, number],
      a.pad as 'same',
      'NHWC',
      a.dilations as [number, number],
      a.dimRoundingMode as 'round',
    ),
  [tf.DepthwiseConv2dNative]: ([x, filter], a) =>
    tf.depthwiseConv2d(
      x as tf.Tensor4D,
      filter as tf.Tensor4D,
      a.strides as [number, number],
      a.pad as 'same',
      'NHWC',
      a.dilations as [number, number],
      a.dimRoundingMode as 'round',
    ),
  [tf.BatchMatMul]: ([a, b], attrs) => tf.matMul(a!, b!, attrs.transposeA as boolean, attrs.transposeB as boolean),
};

/**
 * Fisher information of one layer's output channels (Theis et al. 2018,
 * "Faster gaze prediction with dense networks and Fisher pruning", eq. 6):
 * for channel k, `1/(2N) sum over images n of (sum over positions of
 * a * dL/da)^2`, `a` the layer's output, summed over its channels.
 */
export function layerFisher(act: tf.Tensor, grad: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const product = tf.mul(act, grad);
    const perImage =
      product.rank > 2
        ? tf.sum(
            product,
            [...Array(product.rank - 2).keys()].map((i) => i + 1),
          )
        : product;
    return tf.mul(tf.mean(tf.sum(tf.square(perImage), -1)), 0.5);
  });
}

/**
 * Runs `fn` (a forward and backward pass, e.g. `gradsOf`) with the gradient
 * of every conv and linear kernel wrapped so that, when the backward pass
 * reaches it, the layer's output is recomputed from its saved inputs and its
 * Fisher term is taken with the incoming gradient: tfjs has no module hooks,
 * and the tape picks each op's gradient when the op runs, so the wrappers are
 * in place for the whole call and the originals are put back in a `finally`.
 * Returns `fn`'s result and the sum of the terms.
 */
export function withLayerFisher<T>(fn: () => T): { result: T; fisher: number } {
  const originals = Object.keys(LAYERS).map((kernel) => [kernel, tf.getGradient(kernel)] as const);
  const terms: tf.Scalar[] = [];
  for (const [kernel, original] of originals) {
    if (original === undefined) continue;
    tf.registerGradient({
      ...original,
      gradFunc: (dy, saved, attrs) => {
        terms.push(tf.keep(tf.tidy(() => layerFisher(LAYERS[kernel]!(saved, attrs), dy as tf.Tensor))));
        return original.gradFunc(dy, saved, attrs);
      },
    });
  }
  try {
    const result = fn();
    const fisher = terms.length === 0 ? 0 : tf.tidy(() => tf.addN(terms).dataSync()[0] ?? 0);
    return { result, fisher };
  } finally {
    for (const [kernel, original] of originals) {
      if (original === undefined) tf.unregisterGradient(kernel);
      else tf.registerGradient(original);
    }
    tf.dispose(terms);
  }
}

/**
 * Fisher (Theis et al. 2018; Turner et al. 2020, BlockSwap), summed over the
 * network as a NAS proxy by Abdelfattah et al. (ICLR 2021): the per-channel
 * Fisher information of every conv and linear layer's output, taken with
 * the cross-entropy gradient of one batch at initialisation (training-mode
 * BatchNorm on the batch's statistics), summed over channels and layers.
 */
export const fisher: ZeroCostProxy = {
  name: 'fisher',
  needsBatch: true,
  summary: 'summed per-channel Fisher information of conv and linear outputs (Theis et al. 2018), one batch',
  score({ net, batch }) {
    const weights = prunableWeights(net).map(([, v]) => v);
    return withLayerFisher(() => tf.tidy(() => void lossGradients(net, batch!, weights))).fisher;
  },
};
