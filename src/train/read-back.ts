import * as tf from '@tensorflow/tfjs';

/**
 * The values of several tensors with one download: they are flattened and
 * concatenated on the device (int32 cast to float32, exact below 2^24) and
 * read with `await data()`, then split again. On a GPU backend every read is
 * a round trip that drains the queue, and WebGPU under Node has no
 * synchronous read at all (tfjs-webgpu reads synchronously through
 * `OffscreenCanvas`), so a step gathers what it reports (losses,
 * accuracies) and reads it here once (PyTorch's `.item()` per metric is the
 * pattern this avoids). `dispose: true` frees the inputs afterwards, also
 * when the read throws (a device error surfaces at a read).
 */
export async function readTogether(tensors: readonly tf.Tensor[], options: { readonly dispose?: boolean } = {}): Promise<number[][]> {
  try {
    if (tensors.length === 0) return [];
    const flat = tf.tidy(() => {
      const parts = tensors.map((t) => (t.dtype === 'float32' ? t : tf.cast(t, 'float32')).reshape([-1]));
      return parts.length === 1 ? tf.clone(parts[0]!) : tf.concat(parts);
    });
    let values: Float32Array;
    try {
      values = (await flat.data()) as Float32Array;
    } finally {
      flat.dispose();
    }
    let at = 0;
    return tensors.map((t) => {
      const part = Array.from(values.subarray(at, at + t.size));
      at += t.size;
      return part;
    });
  } finally {
    if (options.dispose) tf.dispose([...tensors]);
  }
}

/** {@link readTogether} for scalars: one number each (NaN for an empty tensor). Frees the inputs. */
export async function readScalars(scalars: readonly tf.Tensor[]): Promise<number[]> {
  return (await readTogether(scalars, { dispose: true })).map((v) => v[0] ?? Number.NaN);
}
