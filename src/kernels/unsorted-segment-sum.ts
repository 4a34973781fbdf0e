import * as tf from '@tensorflow/tfjs';

/**
 * `out[s] = sum_{i : ids[i] = s} x[i]` as one one-hot `matMul`. The wasm
 * backend lacks this kernel, and `gather`'s gradient needs it.
 * Ids outside `[0, numSegments)` contribute nothing, as in TensorFlow.
 */
export function unsortedSegmentSum(x: tf.Tensor, segmentIds: tf.Tensor, numSegments: number): tf.Tensor {
  return tf.tidy(() => {
    const ids = segmentIds.flatten().cast('int32');
    const rest = x.shape.slice(segmentIds.rank);
    // wasm's OneHot writes integer bits into float32 outputs, so build it as int32 and cast.
    const onehot = tf.oneHot(ids, numSegments).cast('float32');
    const rows = x.cast('float32').reshape([ids.shape[0], -1]);
    const out = tf.matMul(onehot, rows, true, false).reshape([numSegments, ...rest]);
    return x.dtype === 'float32' ? out : out.cast(x.dtype);
  });
}
