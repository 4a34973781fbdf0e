import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gradients } from '../../src/autodiff/gradients.js';

function expectClose(a: tf.Tensor, b: tf.Tensor): void {
  expect(a.shape).toEqual(b.shape);
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
  expect(d).toBeLessThan(1e-6);
}

/** A small conv net with shared use of tensors, a stop in the middle and an unused input. */
function net(x: tf.Tensor4D, w1: tf.Tensor4D, w2: tf.Tensor4D, b: tf.Tensor1D): tf.Scalar {
  const h = tf.relu(tf.add(tf.conv2d(x, w1, 1, 'same'), b));
  const g = tf.maxPool(h as tf.Tensor4D, 3, 1, 'same');
  const k = tf.depthwiseConv2d(tf.add(g, h) as tf.Tensor4D, w2, 2, 'same');
  return tf.mean(tf.square(tf.sub(k, tf.mean(k, [0, 1, 2], true))));
}

describe('gradients (memory-releasing backprop)', () => {
  it('matches tfjs engine.gradients on a conv net', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w1 = tf.randomNormal([3, 3, 3, 4], 0, 0.5, 'float32', 2) as tf.Tensor4D;
      const w2 = tf.randomNormal([3, 3, 4, 1], 0, 0.5, 'float32', 3) as tf.Tensor4D;
      const b = tf.randomNormal([4], 0, 0.1, 'float32', 4) as tf.Tensor1D;
      const unused = tf.zeros([2]);
      const ref = tf.engine().gradients(() => net(x, w1, w2, b), [x, w1, w2, b, unused], undefined, true);
      const ours = gradients(() => net(x, w1, w2, b), [x, w1, w2, b, unused]);
      expectClose(ours.value, ref.value);
      ref.grads.slice(0, 4).forEach((g, i) => expectClose(ours.grads[i]!, g!));
      expect(ours.grads[4]).toBeUndefined();
    });
  });

  it('scales by a given dy and never disposes it', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([1, 2, 3]);
      const dy = tf.tensor1d([1, 10, 100]);
      const { grads } = gradients(() => tf.square(x), [x], dy);
      expect(Array.from(grads[0]!.dataSync())).toEqual([2, 40, 600]);
      expect(dy.isDisposed).toBe(false);
    });
  });

  it('survives a gradient function that hands one tensor to two inputs', () => {
    tf.tidy(() => {
      const a = tf.tensor1d([1, 2]);
      const b = tf.tensor1d([3, 4]);
      // d(a + b) handed as the very same dy object to both inputs, then both used further.
      const pair = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
        value: tf.add(args[0] as tf.Tensor, args[1] as tf.Tensor),
        gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [dy as tf.Tensor, dy as tf.Tensor],
      }));
      const { grads } = gradients(() => tf.sum(tf.mul(pair(tf.mul(a, 2), tf.mul(b, 3)) as tf.Tensor, tf.tensor1d([1, 5]))), [a, b]);
      expect(Array.from(grads[0]!.dataSync())).toEqual([2, 10]);
      expect(Array.from(grads[1]!.dataSync())).toEqual([3, 15]);
    });
  });

  it('holds less memory at the end of the backward pass than tfjs', () => {
    // A chain of 12 convolutions; a probe at the chain's input records the
    // bytes alive when the backward pass reaches it (its peak for a chain).
    const peakOf = (grad: typeof gradients): number =>
      tf.tidy(() => {
        let peak = 0;
        const probe = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
          value: tf.clone(args[0] as tf.Tensor),
          gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
            peak = tf.memory().numBytes;
            return dy as tf.Tensor;
          },
        }));
        const x = tf.randomNormal([4, 16, 16, 8], 0, 1, 'float32', 5) as tf.Tensor4D;
        const ws = Array.from({ length: 12 }, (_, i) => tf.randomNormal([3, 3, 8, 8], 0, 0.2, 'float32', 10 + i) as tf.Tensor4D);
        grad(() => {
          let h = probe(x) as tf.Tensor4D;
          for (const w of ws) h = tf.relu(tf.conv2d(h, w, 1, 'same'));
          return tf.sum(h);
        }, [x, ...ws]);
        return peak;
      });
    const tfjs = peakOf((f, xs, dy) => tf.engine().gradients(f, [...xs], dy, true));
    const ours = peakOf(gradients);
    // 12 activations + 12 activation gradients of 32 KB each: tfjs still holds
    // the gradients when it reaches the input, these gradients do not.
    expect(ours).toBeLessThan(tfjs - 10 * 4 * 16 * 16 * 8 * 4);
  });
});
