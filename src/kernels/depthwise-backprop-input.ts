import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { dilateAndPad } from './dilate-pad.js';
import { convGeometry } from './geometry.js';

/**
 * Gradient of `depthwiseConv2d` with respect to its input, dilation included:
 * a forward depthwise convolution of the zero-inserted, padded output gradient
 * with the spatially flipped filter (one output channel per input channel and
 * multiplier), summed over the multiplier.
 */
export function depthwiseConv2dBackpropInput(inputShape: Shape4D, dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: ConvAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, channels, multiplier] = filter.shape;
    const g = convGeometry(inputShape, filter.shape, attrs, true);
    const flipped = tf.reverse(filter, [0, 1]).reshape([kh, kw, channels * multiplier, 1]) as tf.Tensor4D;
    const { input, padding } = dilateAndPad(dy, g);
    const dx = tf.depthwiseConv2d(input, flipped, 1, padding, 'NHWC', [g.dilationH, g.dilationW]);
    if (multiplier === 1) return dx;
    const [n, h, w] = inputShape;
    return dx.reshape([n, h, w, channels, multiplier]).sum(4) as tf.Tensor4D;
  });
}
