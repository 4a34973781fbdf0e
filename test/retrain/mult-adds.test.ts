import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { multAdds } from '../../src/retrain/index.js';

describe('multAdds', () => {
  it('counts convolutions, depthwise convolutions and matrix products of one image', () => {
    const w = tf.randomNormal([3, 3, 2, 4]) as tf.Tensor4D;
    const dw = tf.randomNormal([5, 5, 4, 1]) as tf.Tensor4D;
    const fc = tf.randomNormal([4, 10]) as tf.Tensor2D;
    const net = {
      forward: (x: tf.Tensor4D) => {
        const h = tf.relu(tf.conv2d(x, w, 1, 'same')); // 8*8*4 outputs * 3*3*2
        const d = tf.depthwiseConv2d(h, dw, 2, 'same'); // 4*4*4 outputs * 5*5
        return tf.matMul(tf.mean(d, [1, 2]) as tf.Tensor2D, fc); // 10 outputs * 4
      },
    };
    expect(multAdds(net, [8, 8, 2])).toBe(8 * 8 * 4 * 18 + 4 * 4 * 4 * 25 + 10 * 4);
    tf.dispose([w, dw, fc]);
  });
});
