import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerTrainingKernels } from '../../src/kernels/register.js';
import { dilateFilter } from '../../src/kernels/check/index.js';
import { seededUniform } from '../../src/random/uniform.js';

// tfjs's cpu kernel refuses a depthwise conv with strides and dilations both above 1; the toolkit's
// wrapper runs it with the filter dilated by zero taps. Checked against that construction done with ops.
describe('a strided, dilated depthwise conv on cpu', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerTrainingKernels();
  });

  it.each([
    ['k3 s2 d2', [2, 9, 9, 3], [3, 3, 3, 1], 2, 2],
    ['k5 s2 d2 (a DARTS reduction dil_conv_5x5)', [1, 11, 10, 4], [5, 5, 4, 1], 2, 2],
    ['k3 s2 d3, channel multiplier 2', [1, 12, 12, 2], [3, 3, 2, 2], 2, 3],
  ] as const)('%s: value and gradients equal the dilated filter at dilation 1', (_, xShape, wShape, stride, dilation) => {
    const x = tf.tensor4d(seededUniform(tf.util.sizeFromShape([...xShape]), `x ${xShape}`, -1, 1), [...xShape] as [
      number,
      number,
      number,
      number,
    ]);
    const w = tf.tensor4d(seededUniform(tf.util.sizeFromShape([...wShape]), `w ${wShape}`, -1, 1), [...wShape] as [
      number,
      number,
      number,
      number,
    ]);
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, 'same', 'NHWC', dilation);
    const ref = (a: tf.Tensor, b: tf.Tensor) =>
      tf.depthwiseConv2d(a as tf.Tensor4D, dilateFilter(b as tf.Tensor4D, dilation), stride, 'same');
    const pairs = tf.tidy(() => {
      const [y, yRef] = [f(x, w), ref(x, w)];
      expect(y.shape).toEqual(yRef.shape);
      const dy = tf.tensor4d(seededUniform(y.size, 'dy', -1, 1), y.shape);
      const [gx, gw] = tf.grads(f)([x, w], dy);
      const [gxRef, gwRef] = tf.grads(ref)([x, w], dy);
      return [y, yRef, gx!, gxRef!, gw!, gwRef!];
    });
    for (let i = 0; i < pairs.length; i += 2) {
      const [va, vb] = [pairs[i]!.dataSync(), pairs[i + 1]!.dataSync()];
      expect(va.length).toBe(vb.length);
      expect(Math.max(...va.map((v, k) => Math.abs(v - vb[k]!)))).toBeLessThan(1e-5);
    }
    tf.dispose([x, w, ...pairs]);
  });
});
