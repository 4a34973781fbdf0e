import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { conv2dBackpropFilter, relError, type ConvAttrs, type Shape4D } from '../../src/kernels/index.js';
import { seededUniform } from '../../src/random/uniform.js';
import { kernelAgainstReference } from '../helpers/kernel-vs-reference.js';

// The wasm kernel for conv filter gradients (SIMD outer products of pixel
// rows) against the op-based kernel it replaces on wasm, which stays the
// reference and the path for other cases.
interface Case {
  readonly x: Shape4D;
  readonly cout: number;
  readonly k?: number | [number, number];
  readonly attrs: ConvAttrs;
}

const explicit: tf.backend_util.ExplicitPadding = [
  [0, 0],
  [1, 2],
  [0, 3],
  [0, 0],
];

const CASES: readonly Case[] = [
  { x: [2, 5, 7, 16], cout: 16, attrs: { strides: 1, pad: 'same' } },
  { x: [2, 5, 7, 3], cout: 8, attrs: { strides: 1, pad: 'valid' } }, // any input channel count
  { x: [2, 6, 6, 16], cout: 20, attrs: { strides: 1, pad: 'same' } }, // a block of 4 groups and one left over
  { x: [1, 4, 4, 5], cout: 12, attrs: { strides: 1, pad: 0 } }, // groups one at a time only
  { x: [3, 16, 16, 8], cout: 32, attrs: { strides: 1, pad: 'same' } }, // 768 pixels: 24 sweeps of 32
  { x: [2, 13, 11, 4], cout: 4, attrs: { strides: 1, pad: 'valid' } }, // 286 pixels: a partial sweep
  { x: [3, 23, 17, 4], cout: 8, attrs: { strides: 1, pad: 'valid' } }, // 1173 pixels: a chunk of 1024 and a partial one
  // Beyond 1x1: per output row and tap.
  { x: [2, 6, 6, 8], cout: 8, attrs: { strides: 2, pad: 'same' } }, // strided 1x1
  { x: [2, 6, 6, 8], cout: 8, attrs: { strides: 1, pad: 1 } }, // padded 1x1
  { x: [2, 6, 6, 8], cout: 8, k: 3, attrs: { strides: 1, pad: 'same' } },
  { x: [2, 9, 9, 4], cout: 12, k: 3, attrs: { strides: 1, pad: 'valid' } },
  { x: [2, 28, 28, 1], cout: 48, k: 3, attrs: { strides: 1, pad: 'same' } }, // a stem: one input channel
  { x: [2, 8, 8, 16], cout: 8, k: 2, attrs: { strides: 2, pad: 'valid' } }, // a FactorizedReduce
  { x: [2, 7, 9, 4], cout: 8, k: 5, attrs: { strides: 1, pad: 'same', dilations: 2 } }, // (conv2d takes no stride with a dilation)
  { x: [2, 11, 13, 4], cout: 4, k: [3, 5], attrs: { strides: 1, pad: 'same', dilations: [2, 1] } },
  { x: [2, 11, 13, 4], cout: 4, k: [3, 5], attrs: { strides: [1, 2], pad: 'valid' } },
  { x: [2, 7, 9, 8], cout: 4, k: 3, attrs: { strides: 1, pad: explicit } },
  { x: [2, 7, 7, 4], cout: 4, k: 3, attrs: { strides: 2, pad: 1, dimRoundingMode: 'ceil' } },
  { x: [2, 3, 3, 4], cout: 4, k: 5, attrs: { strides: 1, pad: 'same', dilations: 2 } }, // taps wholly in the padding
  { x: [4, 40, 40, 4], cout: 4, k: 3, attrs: { strides: 1, pad: 'same' } }, // 160 output rows: chunks of 25 rows
  // Outside the SIMD loop: the general kernel.
  { x: [2, 5, 7, 4], cout: 6, attrs: { strides: 1, pad: 'same' } }, // output channels not in groups of 4
  { x: [2, 6, 6, 8], cout: 6, k: 3, attrs: { strides: 2, pad: 'same' } },
];

const kernelSize = (c: Case): [number, number] => (typeof c.k === 'object' ? c.k : [c.k ?? 1, c.k ?? 1]);
const label = (c: Case) => `x [${c.x}] -> ${c.cout} k${kernelSize(c).join('x')} ${JSON.stringify(c.attrs)}`;

async function both(c: Case) {
  const [kh, kw] = kernelSize(c);
  const filterShape: Shape4D = [kh, kw, c.x[3], c.cout];
  const x = tf.tensor4d(seededUniform(tf.util.sizeFromShape(c.x), `pwf-x ${label(c)}`), c.x);
  const outShape = tf.tidy(
    () =>
      tf.conv2d(
        x,
        tf.zeros(filterShape) as tf.Tensor4D,
        c.attrs.strides,
        c.attrs.pad,
        'NHWC',
        c.attrs.dilations ?? 1,
        c.attrs.dimRoundingMode,
      ).shape,
  );
  const dy = tf.tensor4d(seededUniform(tf.util.sizeFromShape(outShape), `pwf-dy ${label(c)}`), outShape);
  const attrs = { ...c.attrs, dilations: c.attrs.dilations ?? 1, dataFormat: 'NHWC', filterShape } as unknown as tf.NamedAttrMap;
  const result = await kernelAgainstReference(tf.Conv2DBackpropFilter, { x, dy }, attrs, () =>
    conv2dBackpropFilter(x, dy, filterShape, c.attrs),
  );
  tf.dispose([x, dy]);
  return result;
}

describe('Conv2DBackpropFilter on wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(CASES.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    const { actual, reference, kernels } = await both(c);
    expect(actual.length).toBe(reference.length);
    expect(relError(actual, reference)).toBeLessThan(1e-5);
    // The SIMD loop runs no other kernel; the general path multiplies matrices or convolves.
    expect(kernels.some((name) => name === tf.BatchMatMul || name === tf.Conv2D)).toBe(c.cout % 4 !== 0);
  });

  it('is the filter gradient of a 1x1 conv (through the engine gradient)', () => {
    const x = tf.tensor4d(seededUniform(2 * 9 * 9 * 12, 'pwf-grad-x'), [2, 9, 9, 12]);
    const w = tf.tensor4d(seededUniform(12 * 8, 'pwf-grad-w'), [1, 1, 12, 8]);
    const grad = tf.grad((filter: tf.Tensor) =>
      tf
        .conv2d(x, filter as tf.Tensor4D, 1, 'same')
        .square()
        .sum(),
    )(w);
    // d/dW sum(y^2) = sum_p x[p]^T (2 y[p]), written out as a matrix product.
    const expected = tf.tidy(() => {
      const y = tf.conv2d(x, w, 1, 'same');
      return tf.matMul(x.reshape([-1, 12]), y.reshape([-1, 8]).mul(2), true, false);
    });
    expect(relError(grad.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, w, grad, expected]);
  });
});
