import * as tf from '@tensorflow/tfjs';
import type { Pair, Padding } from './api.js';
import { pair } from './geometry.js';

/** Attributes of tfjs's `AvgPool` kernel. */
export interface AvgPoolAttrs {
  readonly filterSize: Pair;
  readonly strides: Pair;
  readonly pad: Padding;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** How many input pixels each window covers along one axis (padding excluded). */
function coverage(outSize: number, inSize: number, k: number, stride: number, before: number): number[] {
  return Array.from({ length: outSize }, (_, o) => {
    const start = o * stride - before;
    return Math.min(inSize, start + k) - Math.max(0, start);
  });
}

/** Stride 1, odd window, output the input's size, centred windows: the window relation is symmetric. */
function symmetricWindows(info: tf.backend_util.Conv2DInfo, fh: number, fw: number): boolean {
  return (
    info.strideHeight === 1 && info.strideWidth === 1 && fh % 2 === 1 && fw % 2 === 1 &&
    info.outHeight === info.inHeight && info.outWidth === info.inWidth &&
    info.padInfo.top === (fh - 1) / 2 && info.padInfo.left === (fw - 1) / 2
  );
}

/**
 * `avgPool`'s input gradient. tfjs's forward averages over the pixels a
 * window covers (padding excluded, as TensorFlow and PyTorch's
 * `count_include_pad=False`), but its `AvgPoolGrad` kernels divide by the
 * full window area, so border gradients of 'same' pooling are wrong. Scaling
 * the output gradient by `area / covered` before the stock kernel makes the
 * pair consistent on every backend.
 */
export function avgPoolGrad(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: AvgPoolAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const [fh, fw] = pair(attrs.filterSize);
    const info = tf.backend_util.computePool2DInfo(x.shape, [fh, fw], pair(attrs.strides), 1, attrs.pad, attrs.dimRoundingMode);
    const rows = coverage(info.outHeight, info.inHeight, fh, info.strideHeight, info.padInfo.top);
    const cols = coverage(info.outWidth, info.inWidth, fw, info.strideWidth, info.padInfo.left);
    if (symmetricWindows(info, fh, fw)) {
      // Pixel p is in output o's window exactly when o is in p's, so
      // dx[p] = sum over p's window of dy / covered = avgPool(dy / covered)[p] * covered[p]:
      // two products and the forward pooling, instead of wasm's AvgPoolGrad (~4x the forward).
      const covered = tf.tensor4d(rows.flatMap((r) => cols.map((c) => r * c)), [1, rows.length, cols.length, 1]);
      return tf.mul(tf.avgPool(tf.div(dy, covered) as tf.Tensor4D, [fh, fw], 1, attrs.pad, attrs.dimRoundingMode), covered) as tf.Tensor4D;
    }
    const full = rows.every((r) => r === fh) && cols.every((c) => c === fw);
    const scaled = full
      ? dy
      : tf.mul(dy, tf.tensor4d(rows.flatMap((r) => cols.map((c) => (fh * fw) / (r * c))), [1, rows.length, cols.length, 1]));
    return tf.engine().runKernel(tf.AvgPoolGrad, { dy: scaled, input: x }, {
      filterSize: [fh, fw],
      strides: attrs.strides,
      pad: attrs.pad,
      dimRoundingMode: attrs.dimRoundingMode,
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  });
}
