import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { OPS, SeedStream, createOp } from '../../src/ops/index.js';

// Every op's gradients (input and weights) against central differences of the op itself, in
// training mode, on wasm. This is what caught tfjs's inconsistent 'same' avgPool gradient:
// kernel-level checks compare backends, this compares the math.
const cases = Object.keys(OPS).flatMap((name) => [1, 2].map((stride) => [name, stride] as const));

describe('op gradients vs finite differences', () => {
  it.each(cases)('%s at stride %i', (name, stride) => {
    const op = createOp(name, { cIn: 4, cOut: 4, stride, affine: true, poolBn: true }, new SeedStream(1));
    if (op === null) return;
    const x = tf.tidy(() => tf.variable(tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 2)));
    const shape = tf.tidy(() => op.forward(x as unknown as tf.Tensor4D, true).shape);
    const r = tf.randomNormal(shape, 0, 1, 'float32', 3);
    const vars = [x, ...op.parameters()];
    const f = () => tf.sum(tf.mul(op.forward(x as unknown as tf.Tensor4D, true), r)) as tf.Scalar;
    const grads = tf.tidy(() => {
      const g = tf.variableGrads(f, vars).grads;
      return vars.map((v) => g[v.name]!.dataSync().slice());
    });
    const h = 1e-3;
    vars.forEach((v, vi) => {
      const base = v.dataSync().slice();
      for (const i of [0, 5, 17, 60].map((k) => k % base.length)) {
        const at = (d: number) => {
          const values = base.slice();
          values[i]! += d;
          tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
          // The sum in float64: a float32 reduction's rounding, divided by 2h, is most of the difference's noise.
          return tf.tidy(() =>
            Array.from(tf.mul(op.forward(x as unknown as tf.Tensor4D, true), r).dataSync()).reduce((a: number, b: number) => a + b, 0),
          );
        };
        const numeric = (at(h) - at(-h)) / (2 * h);
        tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
        expect(Math.abs(numeric - grads[vi]![i]!), `${v.name}[${i}]`).toBeLessThan(0.02 * (Math.abs(numeric) + 0.05));
      }
    });
    tf.dispose([x, r]);
    op.dispose();
  });
});
