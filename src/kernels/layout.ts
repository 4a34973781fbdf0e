import type * as tf from '@tensorflow/tfjs';
import type { Shape4D } from './api.js';

/** NCHW -> NHWC (the gradient ops work channels-last, like tfjs's wasm kernels). */
export function toNhwc(t: tf.Tensor4D, nchw: boolean): tf.Tensor4D {
  return nchw ? t.transpose([0, 2, 3, 1]) : t;
}

export function fromNhwc(t: tf.Tensor4D, nchw: boolean): tf.Tensor4D {
  return nchw ? t.transpose([0, 3, 1, 2]) : t;
}

export function shapeToNhwc(shape: Shape4D, nchw: boolean): Shape4D {
  const [a, b, c, d] = shape;
  return nchw ? [a, c, d, b] : shape;
}
