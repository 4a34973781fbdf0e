import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { depthwiseConv2dBackpropInput, relError, type ConvAttrs, type Shape4D } from '../../src/kernels/index.js';
import { seededUniform } from '../../src/random/uniform.js';
import { kernelAgainstReference } from '../helpers/kernel-vs-reference.js';

// The wasm kernel for strided depthwise input gradients (SIMD scatter per tap) against the
// op-based kernel it replaces on wasm (a depthwise conv of the zero-inserted dy), which stays
// the reference and the path for stride 1 and other cases.
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
  { x: [2, 8, 8, 12], k: [3, 3], attrs: { strides: 2, pad: 'same' } },
  { x: [2, 9, 9, 12], k: [3, 3], attrs: { strides: 2, pad: 'valid' } },
  { x: [2, 11, 9, 4], k: [5, 5], attrs: { strides: 2, pad: 'same', dilations: 2 } }, // a reduction cell's dil_conv_5x5
  { x: [2, 11, 13, 4], k: [3, 5], attrs: { strides: [1, 2], pad: 'same', dilations: [2, 1] } },
  { x: [2, 9, 7, 8], k: [3, 3], attrs: { strides: 2, pad: explicit, dilations: 2 } },
  { x: [2, 7, 7, 4], k: [3, 3], attrs: { strides: 2, pad: 1, dimRoundingMode: 'ceil' } },
  { x: [2, 8, 8, 4], k: [5, 5], attrs: { strides: 3, pad: 0, dimRoundingMode: 'floor' } }, // unused last rows
  { x: [2, 3, 3, 4], k: [5, 5], attrs: { strides: 2, pad: 'same', dilations: 2 } }, // taps wholly in the padding
  // Outside the SIMD loop: the general kernel.
  { x: [2, 7, 9, 8], k: [3, 3], attrs: { strides: 1, pad: 'same', dilations: 2 } }, // stride 1
  { x: [2, 7, 9, 3], k: [3, 3], attrs: { strides: 2, pad: 'same' } }, // channels not in groups of 4
  { x: [2, 7, 9, 4], k: [3, 3], multiplier: 2, attrs: { strides: 2, pad: 'same' } },
];

const label = (c: Case) => `x [${c.x}] k ${c.k.join('x')} m${c.multiplier ?? 1} ${JSON.stringify(c.attrs)}`;

async function both(c: Case) {
  const filterShape: Shape4D = [c.k[0], c.k[1], c.x[3], c.multiplier ?? 1];
  const filter = tf.tensor4d(seededUniform(tf.util.sizeFromShape(filterShape), `dwi-w ${label(c)}`), filterShape);
  const outShape = tf.tidy(
    () =>
      tf.depthwiseConv2d(
        tf.zeros(c.x) as tf.Tensor4D,
        filter,
        c.attrs.strides,
        c.attrs.pad,
        'NHWC',
        c.attrs.dilations ?? 1,
        c.attrs.dimRoundingMode,
      ).shape,
  );
  const dy = tf.tensor4d(seededUniform(tf.util.sizeFromShape(outShape), `dwi-dy ${label(c)}`), outShape);
  const attrs = { ...c.attrs, dilations: c.attrs.dilations ?? 1, inputShape: c.x } as unknown as tf.NamedAttrMap;
  const result = await kernelAgainstReference(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter }, attrs, () =>
    depthwiseConv2dBackpropInput(c.x, dy, filter, c.attrs),
  );
  tf.dispose([filter, dy]);
  return result;
}

describe('DepthwiseConv2dNativeBackpropInput on wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it.each(CASES.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    const { actual, reference, kernels } = await both(c);
    expect(actual.length).toBe(reference.length);
    expect(relError(actual, reference)).toBeLessThan(1e-5);
    const strided = typeof c.attrs.strides === 'number' ? c.attrs.strides > 1 : c.attrs.strides.some((s) => s > 1);
    const simd = strided && c.x[3] % 4 === 0 && (c.multiplier ?? 1) === 1;
    // The SIMD loop runs no other kernel; the general path runs a depthwise convolution.
    expect(kernels.includes(tf.DepthwiseConv2dNative)).toBe(!simd);
  });
});
