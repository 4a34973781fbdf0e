import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { unrolledArchGrads, unrolledWeights, type UnrolledStep } from '../../src/search/index.js';
import { crossEntropy, gradsOf } from '../../src/train/index.js';
import type { ForwardMode, Supernet } from '../../src/supernet/api.js';
import type { SearchSpace } from '../../src/space/api.js';

/**
 * A smooth two-path "supernet": logits = sum_k softmax(alpha)_k * tanh(x W_k) V_k.
 * Real supernets have ReLU and max-pool kinks, where central differences of
 * the unrolled objective jump with the step size; the DARTS algebra is the
 * same on this one, and its finite differences converge.
 */
class SmoothSupernet implements Supernet {
  readonly space = { kind: 'chain', name: 'smooth', ops: ['a', 'b'], widths: [1], depth: 1, reductions: [] } as SearchSpace;
  private readonly w = tf.tidy(() =>
    [0, 1].flatMap((k) => [
      tf.variable(tf.randomNormal([12, 5], 0, 0.5, 'float32', 10 + k)),
      tf.variable(tf.randomNormal([5, 3], 0, 0.5, 'float32', 20 + k)),
    ]),
  );
  private readonly a = tf.tidy(() => tf.variable(tf.tensor2d([[0.3, -0.2]])));
  decisions = () => [{ name: 'op', rows: 1, options: ['a', 'b'] }];
  weightVariables = () => this.w;
  weightBuffers = () => [];
  namedTensors = (): [string, tf.Variable][] => [];
  archVariables = () => [this.a];
  alpha = () => this.a;
  archWeights = async () => {
    const p = tf.softmax(this.a);
    const op = (await p.array()) as number[][];
    p.dispose();
    return { op };
  };
  parameterCount = () => 0;
  runningOptions(): Record<string, number[][]> {
    throw new Error('a relaxed-only test supernet');
  }
  forward(x: tf.Tensor4D, _mode: ForwardMode): tf.Tensor2D {
    return tf.tidy(() => {
      const flat = x.reshape([x.shape[0], -1]);
      const p = tf.unstack(tf.softmax(this.a).reshape([2]));
      return tf.addN(
        [0, 1].map((k) => tf.mul(tf.matMul(tf.tanh(tf.matMul(flat, this.w[2 * k]!)), this.w[2 * k + 1]!), p[k]!)),
      ) as tf.Tensor2D;
    });
  }
  dispose() {
    tf.dispose([...this.w, this.a]);
  }
}

describe('second-order DARTS architecture gradient', () => {
  it("equals finite differences of L_val(w'(alpha), alpha), unlike the first-order gradient", () => {
    const net = new SmoothSupernet();
    const batch = (seed: number) =>
      tf.tidy(() => ({
        x: tf.randomNormal([8, 2, 2, 3], 0, 1, 'float32', seed) as tf.Tensor4D,
        y: tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'),
      }));
    const [train, val] = [batch(1), batch(2)];
    const momentumBuffers = net.weightVariables().map((w, i) => tf.randomNormal(w.shape, 0, 0.1, 'float32', 30 + i));
    const step: UnrolledStep = { lr: 0.5, momentum: 0.9, weightDecay: 3e-4, momentumBuffers };
    const [alpha] = net.archVariables();
    const weights = net.weightVariables();
    const valLoss = () => crossEntropy(net.forward(val.x, { kind: 'relaxed' }), val.y);

    const { grads, valLoss: unrolledLoss } = unrolledArchGrads(net, train, val, step);
    unrolledLoss.dispose();
    const firstOrder = tf.tidy(() => gradsOf(valLoss, [alpha!]).grads.map((g) => tf.keep(g!)));

    // d/dalpha_j of L_val(w'(alpha), alpha) by central differences, for each alpha entry.
    const objective = (j: number, shift: number): number => {
      const savedAlpha = alpha!.clone();
      const savedW = weights.map((w) => w.clone());
      tf.tidy(() => alpha!.assign(tf.add(savedAlpha, tf.tensor2d([[j === 0 ? shift : 0, j === 1 ? shift : 0]]))));
      const unrolled = unrolledWeights(net, train, step);
      tf.tidy(() => weights.forEach((w, i) => w.assign(unrolled[i]!)));
      const loss = tf.tidy(() => valLoss().dataSync()[0]!);
      tf.tidy(() => weights.forEach((w, i) => w.assign(savedW[i]!)));
      alpha!.assign(savedAlpha);
      tf.dispose([savedAlpha, ...savedW, ...unrolled]);
      return loss;
    };
    const h = 1e-2;
    const numeric = [0, 1].map((j) => (objective(j, h) - objective(j, -h)) / (2 * h));
    const second = Array.from(grads[0]!.dataSync());
    const first = Array.from(firstOrder[0]!.dataSync());
    for (let j = 0; j < 2; j++) {
      expect(Math.abs(second[j]! - numeric[j]!)).toBeLessThan(0.02 * Math.abs(numeric[j]!) + 1e-4);
      // The unrolled term matters here: first order alone is far off.
      expect(Math.abs(first[j]! - numeric[j]!)).toBeGreaterThan(10 * Math.abs(second[j]! - numeric[j]!));
    }
    tf.dispose([...grads, ...firstOrder, ...momentumBuffers, train.x, train.y, val.x, val.y]);
    net.dispose();
  });
});
