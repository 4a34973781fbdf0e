import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { dilateFilter, relError, type ConvAttrs, type Shape4D } from '../../src/kernels/index.js';
import { seededUniform } from '../../src/random/uniform.js';

// The forward depthwise conv on wasm (the toolkit's SIMD loop for 5x5 and dilated filters, XNNPACK's
// kernel otherwise) against the cpu backend with the dilation folded into the filter.
interface Case {
  readonly x: Shape4D;
  readonly k: number;
  readonly multiplier?: number;
  readonly attrs: ConvAttrs & { readonly dilations?: number };
}

const explicit: tf.backend_util.ExplicitPadding = [
  [0, 0],
  [1, 2],
  [0, 3],
  [0, 0],
];
const CASES: readonly Case[] = [
  { x: [2, 9, 9, 8], k: 5, attrs: { strides: 1, pad: 'same' } },
  { x: [2, 9, 11, 4], k: 5, attrs: { strides: 1, pad: 'same', dilations: 2 } }, // dil_conv_5x5
  { x: [2, 9, 9, 12], k: 3, attrs: { strides: 1, pad: 'same', dilations: 2 } }, // dil_conv_3x3
  { x: [2, 10, 9, 8], k: 5, attrs: { strides: 2, pad: 'same' } }, // a reduction cell's sep_conv_5x5
  { x: [2, 11, 11, 4], k: 5, attrs: { strides: 2, pad: 'same', dilations: 2 } }, // a reduction cell's dil_conv_5x5
  { x: [2, 9, 9, 4], k: 5, attrs: { strides: 1, pad: 'valid' } },
  { x: [2, 9, 7, 8], k: 5, attrs: { strides: 1, pad: explicit } },
  { x: [2, 8, 8, 4], k: 5, attrs: { strides: 2, pad: 1, dimRoundingMode: 'ceil' } },
  { x: [2, 3, 3, 4], k: 5, attrs: { strides: 1, pad: 'same', dilations: 2 } }, // taps wholly in the padding
  // XNNPACK's kernel.
  { x: [2, 9, 9, 8], k: 3, attrs: { strides: 1, pad: 'same' } },
  { x: [2, 9, 9, 3], k: 5, attrs: { strides: 1, pad: 'same' } }, // channels not in groups of 4
  { x: [2, 9, 9, 4], k: 5, multiplier: 2, attrs: { strides: 1, pad: 'same' } },
];

const label = (c: Case) => `x [${c.x}] k${c.k} m${c.multiplier ?? 1} ${JSON.stringify(c.attrs)}`;

async function run(backend: string, c: Case): Promise<{ y: Float32Array; kernels: string[] }> {
  await initBackend(backend);
  const x = tf.tensor4d(seededUniform(tf.util.sizeFromShape(c.x), `dw x ${label(c)}`), c.x);
  const w = tf.tensor4d(seededUniform(c.k * c.k * c.x[3] * (c.multiplier ?? 1), `dw w ${label(c)}`), [c.k, c.k, c.x[3], c.multiplier ?? 1]);
  const d = c.attrs.dilations ?? 1;
  let y: Float32Array = new Float32Array();
  const profile = await tf.profile(() => {
    const out = tf.tidy(() =>
      backend === 'cpu'
        ? tf.depthwiseConv2d(x, dilateFilter(w, d), c.attrs.strides, c.attrs.pad, 'NHWC', 1, c.attrs.dimRoundingMode)
        : tf.depthwiseConv2d(x, w, c.attrs.strides, c.attrs.pad, 'NHWC', d, c.attrs.dimRoundingMode),
    );
    y = out.dataSync() as Float32Array;
    out.dispose();
  });
  tf.dispose([x, w]);
  return { y, kernels: profile.kernels.map((k) => k.name) };
}

describe('depthwise conv forward on wasm', () => {
  it.each(CASES.map((c) => [label(c), c] as const))('%s: equals cpu', async (_, c) => {
    const expected = await run('cpu', c);
    const actual = await run('wasm', c);
    expect(actual.y.length).toBe(expected.y.length);
    expect(relError(actual.y, expected.y)).toBeLessThan(1e-5);
    expect(actual.kernels).toEqual([tf.DepthwiseConv2dNative]);
  });
});
