import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { type GradCase, checkGradient, dilateFilter } from '../../../src/kernels/check/index.js';
import { webgpuTakesDilations } from '../../../src/kernels/webgpu/index.js';

// The toolkit's WGSL conv and depthwise gradients on shapes past the
// gradient grid's (workgroups of 256 threads, multipliers, stride with
// dilation) against the cpu backend (dilation folded into the filter there),
// on the software adapter. The grid itself runs in gradients.test.ts.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

function depthwise(label: string, x: number[], filter: number[], stride: number, dilation: number): GradCase {
  return {
    op: 'depthwiseConv2d',
    label,
    inputs: [
      { name: 'x', shape: x, kernel: 'DepthwiseConv2dNativeBackpropInput' },
      { name: 'filter', shape: filter, kernel: 'DepthwiseConv2dNativeBackpropFilter' },
    ],
    fn: (a, w) => tf.depthwiseConv2d(a as tf.Tensor4D, w as tf.Tensor4D, stride, 'same', 'NHWC', dilation),
    reference: (a, w) => tf.depthwiseConv2d(a as tf.Tensor4D, dilateFilter(w as tf.Tensor4D, dilation), stride, 'same'),
  };
}

function conv(label: string, x: number[], filter: number[], stride: number, dilation: number): GradCase {
  return {
    op: 'conv2d',
    label,
    inputs: [
      { name: 'x', shape: x, kernel: 'Conv2DBackpropInput' },
      { name: 'filter', shape: filter, kernel: 'Conv2DBackpropFilter' },
    ],
    fn: (a, w) => tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, stride, 'same', 'NHWC', dilation),
    reference: (a, w) => tf.conv2d(a as tf.Tensor4D, dilateFilter(w as tf.Tensor4D, dilation), stride, 'same'),
  };
}

const CASES: GradCase[] = [
  // 3,600 output pixels: two chunks summed by a second dispatch; 20 and 18 channels: partial tiles.
  conv('4x30x30x20 k1 s1 -> 18', [4, 30, 30, 20], [1, 1, 20, 18], 1, 1),
  conv('2x17x17x5 k3 s2 -> 24', [2, 17, 17, 5], [3, 3, 5, 24], 2, 1),
  conv('2x9x9x3 k3 d2 -> 4', [2, 9, 9, 3], [3, 3, 3, 4], 1, 2),
  // An RGB stem: 4 x 64 channel tiles (filterGradTile), 70 outputs across two of them, 2,592 pixels in two chunks; 5 inputs take 8 x 32.
  conv('2x36x36x3 k3 s1 -> 70', [2, 36, 36, 3], [3, 3, 3, 70], 1, 1),
  // 4,356 output pixels: the filter gradient's 256-thread workgroups.
  depthwise('4x33x33x2 k3 s1 d2 m2', [4, 33, 33, 2], [3, 3, 2, 2], 1, 2),
  depthwise('2x15x16x3 k5 s2 d2 m1 (a DARTS reduction dil_conv_5x5)', [2, 15, 16, 3], [5, 5, 3, 1], 2, 2),
  depthwise('1x9x9x4 k3 s2 d1 m3', [1, 9, 9, 4], [3, 3, 4, 3], 2, 1),
];

describe.skipIf(unavailable !== null)(`conv gradients in WGSL${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('the dilated gradients run the WGSL kernels on webgpu only', async () => {
    expect(webgpuTakesDilations(tf.DepthwiseConv2dNativeBackpropInput)).toBe(true);
    expect(webgpuTakesDilations(tf.DepthwiseConv2dNativeBackpropFilter)).toBe(true);
    expect(webgpuTakesDilations(tf.Conv2DBackpropFilter)).toBe(true);
    await tf.setBackend('cpu');
    expect(webgpuTakesDilations(tf.DepthwiseConv2dNativeBackpropFilter)).toBe(false);
    await tf.setBackend('webgpu');
  });

  it.each(CASES.map((c) => [`${c.op} ${c.label}`, c] as const))('%s: the gradients of cpu', async (_, c) => {
    const results = await checkGradient(c, 'webgpu');
    expect(results.length).toBe(c.inputs.length);
    for (const r of results) expect(r.relError, `${r.kernel} (${r.input})`).toBeLessThan(1e-5);
  });
});
