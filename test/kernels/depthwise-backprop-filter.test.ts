import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { depthwiseConv2dBackpropFilter, relError, type ConvAttrs, type Shape4D } from '../../src/kernels/index.js';
import { seededUniform } from '../../src/random/uniform.js';
import { kernelAgainstReference } from '../helpers/kernel-vs-reference.js';

// The wasm kernel (SIMD loop over taps) against the op-based kernel it replaces
// on wasm, which stays the reference and the path for other cases.
interface Case {
  readonly x: Shape4D;
  readonly k: [number, number];
  readonly multiplier?: number;
  readonly attrs: ConvAttrs;
}

const explicit: tf.backend_util.ExplicitPadding = [
  [0, 0],
  [1, 2],
  [0, 3],
  [0, 0],
];
const CASES: readonly Case[] = [
  { x: [2, 7, 9, 4], k: [3, 3], attrs: { strides: 1, pad: 'same' } },
  { x: [2, 7, 9, 4], k: [3, 3], attrs: { strides: 1, pad: 'valid' } },
  { x: [3, 9, 7, 8], k: [5, 5], attrs: { strides: 1, pad: 'same', dilations: 2 } },
  { x: [3, 13, 11, 8], k: [5, 5], attrs: { strides: 1, pad: 'valid', dilations: 2 } },
  { x: [2, 8, 8, 12], k: [3, 3], attrs: { strides: 2, pad: 'same' } },
  { x: [2, 9, 9, 12], k: [3, 3], attrs: { strides: 2, pad: 'valid' } },
  { x: [2, 11, 9, 4], k: [5, 5], attrs: { strides: 2, pad: 'same', dilations: 2 } },
  { x: [2, 11, 13, 4], k: [3, 5], attrs: { strides: [1, 2], pad: 'same', dilations: [2, 1] } },
  { x: [2, 7, 9, 8], k: [3, 3], attrs: { strides: 1, pad: explicit } },
  { x: [2, 9, 7, 8], k: [3, 3], attrs: { strides: 2, pad: explicit, dilations: 2 } },
  { x: [2, 7, 7, 4], k: [3, 3], attrs: { strides: 2, pad: 1, dimRoundingMode: 'ceil' } },
  { x: [2, 8, 8, 4], k: [5, 5], attrs: { strides: 2, pad: 0, dimRoundingMode: 'floor' } },
  { x: [1, 5, 5, 4], k: [1, 1], attrs: { strides: 1, pad: 'same' } },
  { x: [2, 3, 3, 4], k: [5, 5], attrs: { strides: 1, pad: 'same', dilations: 2 } }, // taps wholly in the padding
  // Outside the SIMD loop (channels not in groups of 4, multiplier 2): the op-based kernel.
  { x: [2, 7, 9, 3], k: [3, 3], attrs: { strides: 1, pad: 'same', dilations: 2 } },
  { x: [2, 7, 9, 4], k: [3, 3], multiplier: 2, attrs: { strides: 2, pad: 'same' } },
];

const label = (c: Case) => `x [${c.x}] k ${c.k.join('x')} m${c.multiplier ?? 1} ${JSON.stringify(c.attrs)}`;

/** The filter gradient through the registered kernel, the op-based reference, and the kernels the registered one ran. */
async function both(c: Case) {
  const filterShape: Shape4D = [c.k[0], c.k[1], c.x[3], c.multiplier ?? 1];
  const x = tf.tensor4d(seededUniform(tf.util.sizeFromShape(c.x), `dwf-x ${label(c)}`), c.x);
  const outShape = tf.tidy(
    () =>
      tf.depthwiseConv2d(
        x,
        tf.zeros(filterShape) as tf.Tensor4D,
        c.attrs.strides,
        c.attrs.pad,
        'NHWC',
        c.attrs.dilations ?? 1,
        c.attrs.dimRoundingMode,
      ).shape,
  );
  const dy = tf.tensor4d(seededUniform(tf.util.sizeFromShape(outShape), `dwf-dy ${label(c)}`), outShape);
  const attrs = { ...c.attrs, dilations: c.attrs.dilations ?? 1, filterShape } as unknown as tf.NamedAttrMap;
  const result = await kernelAgainstReference(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy }, attrs, () =>
    depthwiseConv2dBackpropFilter(x, dy, filterShape, c.attrs),
  );
  tf.dispose([x, dy]);
  return result;
}

describe('DepthwiseConv2dNativeBackpropFilter on wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(CASES.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    const { actual, reference, kernels } = await both(c);
    expect(actual.length).toBe(reference.length);
    expect(relError(actual, reference)).toBeLessThan(1e-5);
    const simd = c.x[3] % 4 === 0 && (c.multiplier ?? 1) === 1;
    // The SIMD loop runs no other kernel; the general path runs a depthwise convolution.
    expect(kernels.includes(tf.DepthwiseConv2dNative)).toBe(!simd);
  });

  it('is the filter gradient of a dilated depthwise conv (through the toolkit gradient)', () => {
    const x = tf.tensor4d(seededUniform(2 * 9 * 9 * 8, 'dwf-grad-x'), [2, 9, 9, 8]);
    const w = tf.tensor4d(seededUniform(5 * 5 * 8, 'dwf-grad-w'), [5, 5, 8, 1]);
    const f = (filter: tf.Tensor) =>
      tf
        .depthwiseConv2d(x, filter as tf.Tensor4D, 1, 'same', 'NHWC', 2)
        .square()
        .sum();
    const grad = tf.grad(f)(w);
    const dy = tf.tidy(() => tf.depthwiseConv2d(x, w, 1, 'same', 'NHWC', 2).mul(2) as tf.Tensor4D);
    const expected = depthwiseConv2dBackpropFilter(x, dy, [5, 5, 8, 1], { strides: 1, pad: 'same', dilations: 2 });
    expect(relError(grad.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, w, grad, dy, expected]);
  });
});
