import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { dilateAndPad } from './dilate-pad.js';
import { convGeometry, isPatchwise, isPointwise } from './geometry.js';
import { fromNhwc, shapeToNhwc, toNhwc } from './layout.js';

/**
 * Gradient of `conv2d` with respect to its input, dilation included, written
 * as a forward convolution: the zero-inserted, padded output gradient
 * convolved (stride 1, 'valid', same dilation) with the spatially flipped
 * filter whose in/out channels are swapped. On wasm this runs XNNPACK's
 * forward kernel instead of the much slower built-in transposed convolution.
 * Two cases skip the zeros: a 1x1 conv is one matMul, and a conv whose
 * windows tile the input (a k x k filter with stride k, e.g. DARTS's
 * FactorizedReduce) one matMul and a depthToSpace (a quarter of the
 * multiplications of the zero-inserted form at k = 2).
 */
export function conv2dBackpropInput(inputShape: Shape4D, dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: ConvAttrs): tf.Tensor4D {
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
    if (isPatchwise(g)) {
      // Non-overlapping windows: every input pixel gets one tap's product, laid out by depthToSpace.
      // (wasm's matMul with transposeB transposes slowly: 136 ms against 15 ms for the filter transposed first.)
      const taps = tf.matMul(dys.reshape([-1, cout]), filter.reshape([-1, cout]).transpose());
      const full = tf.depthToSpace(taps.reshape([g.batch, g.outH, g.outW, g.kh * g.kw * cin]) as tf.Tensor4D, g.kh);
      // The windows cover the input but for a 'valid' conv's unused last rows/columns (gradient 0), plus the padding.
      const [rows, cols] = [Math.max(0, xShape[1] - full.shape[1]), Math.max(0, xShape[2] - full.shape[2])];
      const covered =
        rows + cols > 0
          ? tf.pad(full, [
              [0, 0],
              [0, rows],
              [0, cols],
              [0, 0],
            ])
          : full;
      const dx = covered.shape[1] === xShape[1] && covered.shape[2] === xShape[2] ? covered : tf.slice(covered, 0, xShape);
      return fromNhwc(dx as tf.Tensor4D, nchw);
    }
    const flipped = tf.reverse(filter, [0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D;
    const { input, padding } = dilateAndPad(dys, g);
    const dx = tf.conv2d(input, flipped, 1, padding, 'NHWC', [g.dilationH, g.dilationW]);
    return fromNhwc(dx, nchw);
  });
}
