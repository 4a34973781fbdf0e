import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { dilateAndPad } from './dilate-pad.js';
import { convGeometry, isPointwise } from './geometry.js';
import { fromNhwc, shapeToNhwc, toNhwc } from './layout.js';

/**
 * Gradient of `conv2d` with respect to its input, dilation included, written
 * as a forward convolution: the zero-inserted, padded output gradient
 * convolved (stride 1, 'valid', same dilation) with the spatially flipped
 * filter whose in/out channels are swapped. On wasm this runs XNNPACK's
 * forward kernel instead of the much slower built-in transposed convolution.
 */
export function conv2dBackpropInput(
  inputShape: Shape4D,
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  attrs: ConvAttrs,
): tf.Tensor4D {
  return tf.tidy(() => {
    const nchw = attrs.dataFormat === 'NCHW';
    const dys = toNhwc(dy, nchw);
    const xShape = shapeToNhwc(inputShape, nchw);
    const [, , cin, cout] = filter.shape;
    const g = convGeometry(xShape, filter.shape, attrs, false);
    if (isPointwise(g)) {
      const dx = tf.matMul(dys.reshape([-1, cout]), filter.reshape([cin, cout]).transpose());
      return fromNhwc(dx.reshape(xShape), nchw);
    }
    const flipped = tf.reverse(filter, [0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D;
    const { input, padding } = dilateAndPad(dys, g);
    const dx = tf.conv2d(input, flipped, 1, padding, 'NHWC', [g.dilationH, g.dilationW]);
    return fromNhwc(dx, nchw);
  });
}
