import * as tf from '@tensorflow/tfjs';
import { explicitPadding, type ConvGeometry } from './geometry.js';

/**
 * Every filter tap of every output position at once: one depthwise
 * convolution whose filter is one-hot (channel multiplier kh*kw). Output
 * `[n, outH, outW, c * kh * kw]`, channel `ci * kh * kw + (i * kw + j)` holding
 * `x[n, o_h * s_h + i * d_h - top, o_w * s_w + j * d_w - left, ci]`.
 * Replaces im2col with one fast forward kernel that every backend has.
 */
export function extractTaps(x: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const channels = x.shape[3];
    const taps = g.kh * g.kw;
    const filter = tf.eye(taps).reshape([g.kh, g.kw, 1, taps]).tile([1, 1, channels, 1]) as tf.Tensor4D;
    return tf.depthwiseConv2d(
      x,
      filter,
      [g.strideH, g.strideW],
      explicitPadding(g),
      'NHWC',
      [g.dilationH, g.dilationW],
    );
  });
}

/** Elements a chunk's intermediates may hold before work is split along the batch. */
export const CHUNK_ELEMENTS = 1 << 24;

/**
 * `sum_b fn(chunk_b)` over chunks of the batch axis, so that intermediates of
 * `perItem` elements per example stay under `CHUNK_ELEMENTS`. Gradient sums
 * over the batch are linear, so the chunked sum equals the whole-batch result.
 */
export function sumOverBatchChunks<T extends tf.Tensor>(
  inputs: readonly tf.Tensor4D[],
  perItem: number,
  fn: (...chunk: tf.Tensor4D[]) => T,
): T {
  const batch = inputs[0]?.shape[0] ?? 0;
  const size = Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.max(1, perItem)));
  if (size >= batch) return tf.tidy(() => fn(...inputs));
  let total: T | null = null;
  for (let start = 0; start < batch; start += size) {
    const n = Math.min(size, batch - start);
    const part = tf.tidy(() =>
      fn(...inputs.map((t) => t.slice([start, 0, 0, 0], [n, t.shape[1], t.shape[2], t.shape[3]]))),
    );
    if (total === null) {
      total = part;
    } else {
      const next: T = tf.add(total, part);
      total.dispose();
      part.dispose();
      total = next;
    }
  }
  return total as T;
}
