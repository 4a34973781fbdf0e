import * as tf from '@tensorflow/tfjs';

/** Attributes of tfjs's `StridedSlice` kernel. */
export interface StridedSliceAttrs {
  begin: number[];
  end: number[];
  strides: number[];
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
}

/** Scatter `g` (one axis of `count` picked elements) back to `size` positions `first + k * step`. */
function spreadAxis(g: tf.Tensor, axis: number, count: number, first: number, step: number, size: number): tf.Tensor {
  const shape = g.shape;
  const pre = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const post = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  let spread = g.reshape([pre, count, 1, post]);
  if (step > 1)
    spread = spread.pad([
      [0, 0],
      [0, 0],
      [0, step - 1],
      [0, 0],
    ]);
  const used = (count - 1) * step + 1;
  const flat = spread.reshape([pre, count * step, post]).slice([0, 0, 0], [pre, used, post]);
  const placed = flat.pad([
    [0, 0],
    [first, size - first - used],
    [0, 0],
  ]);
  return placed.reshape([...shape.slice(0, axis), size, ...shape.slice(axis + 1)]);
}

/**
 * Gradient of `stridedSlice` (tfjs registers none): the output gradient placed
 * back at the positions the slice read, zeros elsewhere. Masks are resolved by
 * tfjs's own `sliceInfo`, so every form `stridedSlice` accepts is covered.
 */
export function stridedSliceGrad(xShape: number[], dy: tf.Tensor, attrs: StridedSliceAttrs): tf.Tensor {
  return tf.tidy(() => {
    const info = tf.slice_util.sliceInfo(
      xShape,
      attrs.begin,
      attrs.end,
      attrs.strides,
      attrs.beginMask,
      attrs.endMask,
      attrs.ellipsisMask,
      attrs.newAxisMask,
      attrs.shrinkAxisMask,
    );
    const counts = xShape.map((_, i) => {
      const b = info.begin[i] ?? 0;
      const e = info.end[i] ?? 0;
      const s = info.strides[i] ?? 1;
      const length = e - b;
      if (length === 0 || length < 0 !== s < 0) return 0;
      return Math.ceil(Math.abs(length) / Math.abs(s));
    });
    if (counts.some((c) => c === 0)) return tf.zeros(xShape, dy.dtype);
    let g: tf.Tensor = dy.reshape(counts);
    for (let axis = 0; axis < xShape.length; axis++) {
      const count = counts[axis] ?? 0;
      const stride = info.strides[axis] ?? 1;
      const begin = info.begin[axis] ?? 0;
      const size = xShape[axis] ?? 0;
      if (stride === 1 && count === size) continue;
      if (stride < 0) g = tf.reverse(g, axis);
      const first = stride < 0 ? begin + (count - 1) * stride : begin;
      g = spreadAxis(g, axis, count, first, Math.abs(stride), size);
    }
    return g;
  });
}
