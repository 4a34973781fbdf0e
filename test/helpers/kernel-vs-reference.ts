import * as tf from '@tensorflow/tfjs';

/**
 * Run `kernel` as registered on the current backend (under `tf.profile`, to
 * list the kernels it ran) and `reference` on the same inputs, which stay the
 * caller's: both results as float32, and the kernels the registered one ran.
 */
export async function kernelAgainstReference(
  kernel: string,
  inputs: tf.NamedTensorMap,
  attrs: tf.NamedAttrMap,
  reference: () => tf.Tensor,
): Promise<{ actual: Float32Array; reference: Float32Array; kernels: string[] }> {
  let actual: Float32Array = new Float32Array();
  const profile = await tf.profile(() => {
    const out = tf.engine().runKernel(kernel, inputs, attrs) as tf.Tensor;
    actual = out.dataSync() as Float32Array;
    out.dispose();
  });
  const expected = tf.tidy(() => reference().dataSync() as Float32Array);
  return { actual, reference: expected, kernels: profile.kernels.map((k) => k.name) };
}
