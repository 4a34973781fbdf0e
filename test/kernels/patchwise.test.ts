import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { relError, type Padding } from '../../src/kernels/index.js';
import { seededUniform } from '../../src/random/uniform.js';

// Convs whose windows tile the input (k x k, stride k; DARTS's FactorizedReduce is 2x2 stride 2):
// the toolkit's input gradient (one matMul and a depthToSpace) on wasm against the cpu backend's
// own Conv2DBackpropInput; and the wasm DepthToSpace it uses against cpu's.
interface Case {
  readonly size: [number, number];
  readonly k: number;
  readonly pad: Padding;
}

const CASES: readonly Case[] = [
  { size: [8, 8], k: 2, pad: 'valid' },
  {
    size: [7, 9],
    k: 2,
    pad: [
      [0, 0],
      [0, 1],
      [0, 1],
      [0, 0],
    ],
  }, // odd sizes padded at the end, as FactorizedReduce
  { size: [9, 9], k: 3, pad: 'valid' },
  { size: [10, 11], k: 3, pad: 'valid' }, // unused last rows and columns
  {
    size: [7, 7],
    k: 3,
    pad: [
      [0, 0],
      [0, 2],
      [0, 2],
      [0, 0],
    ],
  },
  { size: [7, 8], k: 2, pad: 'same' }, // 'same' pads after only here
  { size: [7, 7], k: 3, pad: 'same' }, // pads before too: the zero-inserted form
];

async function inputGrad(backend: string, c: Case): Promise<{ dx: Float32Array; kernels: string[] }> {
  await initBackend(backend);
  const xShape: [number, number, number, number] = [2, c.size[0], c.size[1], 6];
  const filter = tf.tensor4d(seededUniform(c.k * c.k * 6 * 8, `patch w ${c.size} ${c.k}`), [c.k, c.k, 6, 8]);
  const outShape = tf.tidy(() => tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, filter, c.k, c.pad).shape);
  const dy = tf.tensor4d(seededUniform(tf.util.sizeFromShape(outShape), `patch dy ${c.size} ${c.k}`), outShape);
  let dx: Float32Array = new Float32Array();
  const profile = await tf.profile(() => {
    const out = tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, {
      inputShape: xShape,
      strides: c.k,
      pad: c.pad,
      dataFormat: 'NHWC',
      dilations: 1,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
    dx = out.dataSync() as Float32Array;
    out.dispose();
  });
  tf.dispose([filter, dy]);
  return { dx, kernels: profile.kernels.map((k) => k.name) };
}

describe('the input gradient of a conv whose windows tile the input', () => {
  it.each(CASES.map((c) => [`${c.size.join('x')} k${c.k} s${c.k} ${JSON.stringify(c.pad)}`, c] as const))(
    '%s: equals cpu',
    async (_, c) => {
      const expected = await inputGrad('cpu', c);
      const actual = await inputGrad('wasm', c);
      expect(actual.dx.length).toBe(expected.dx.length);
      expect(relError(actual.dx, expected.dx)).toBeLessThan(1e-5);
      const before = c.pad === 'same' && c.k === 3;
      expect(actual.kernels.includes(tf.DepthToSpace)).toBe(!before);
    },
  );
});

describe('DepthToSpace on wasm', () => {
  const shapes: [number[], number, 'float32'][] = [
    [[2, 3, 4, 16], 2, 'float32'],
    [[1, 2, 3, 27], 3, 'float32'],
    [[2, 3, 2, 4], 2, 'float32'], // one value per block position
    [[3, 5, 7, 12], 2, 'float32'], // 3 channels: byte tails
  ];
  it.each(shapes.map((s) => [`${s[2]} [${s[0]}] block ${s[1]}`, s] as const))('%s: equals cpu', async (_, [shape, block, dtype]) => {
    const run = async (backend: string) => {
      await initBackend(backend);
      return tf.tidy(() => {
        const x = tf
          .tensor(
            seededUniform(tf.util.sizeFromShape(shape), `d2s ${shape}`).map((v) => v * 1000),
            shape,
          )
          .cast(dtype) as tf.Tensor4D;
        const out = tf.depthToSpace(x, block);
        return { shape: out.shape, values: Array.from(out.dataSync()) };
      });
    };
    const expected = await run('cpu');
    expect(await run('wasm')).toEqual(expected);
  });

  it("NCHW: wasm's own kernel, set up and run", async () => {
    const x = () => tf.tensor4d(seededUniform(2 * 8 * 3 * 2, 'd2s nchw'), [2, 8, 3, 2]);
    // cpu has NHWC only: the same map through transposes.
    await initBackend('cpu');
    const expected = tf.tidy(() => Array.from(tf.transpose(tf.depthToSpace(tf.transpose(x(), [0, 2, 3, 1]), 2), [0, 3, 1, 2]).dataSync()));
    await initBackend('wasm');
    const actual = tf.tidy(() => Array.from(tf.depthToSpace(x(), 2, 'NCHW').dataSync()));
    expect(actual).toEqual(expected);
  });
});
