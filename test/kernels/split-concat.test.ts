import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { seededUniform } from '../../src/random/uniform.js';

// The toolkit's SplitV and Concat on wasm (strided row copies on the heap) against the cpu backend's.
interface Case {
  readonly shape: number[];
  readonly splits: number | number[];
  readonly axis: number;
  readonly dtype: 'float32' | 'int32' | 'bool' | 'string';
}

const CASES: readonly Case[] = [
  { shape: [3, 5, 7, 16], splits: [4, 4, 4, 4], axis: 3, dtype: 'float32' }, // a DARTS cell's concat gradient
  { shape: [3, 5, 7, 12], splits: [5, -1, 3], axis: -1, dtype: 'float32' }, // rows of 5 and 3 floats: byte tails
  { shape: [2, 7, 9, 6], splits: 3, axis: 3, dtype: 'int32' },
  { shape: [5, 7, 3], splits: [2, 0, 3], axis: 0, dtype: 'float32' }, // an empty output
  { shape: [4, 9, 5], splits: [1, 8], axis: 1, dtype: 'int32' },
  { shape: [3, 11, 7], splits: [6, 1], axis: 2, dtype: 'bool' }, // 1-byte elements
  { shape: [17], splits: [16, 1], axis: 0, dtype: 'float32' },
  { shape: [2, 3, 4], splits: [1, 3], axis: 2, dtype: 'string' },
];

function values(c: Case): tf.Tensor {
  const size = tf.util.sizeFromShape(c.shape);
  const u = seededUniform(size, `split ${c.shape}`);
  if (c.dtype === 'string')
    return tf.tensor(
      Array.from(u, (v) => v.toFixed(3)),
      c.shape,
      'string',
    );
  if (c.dtype === 'bool')
    return tf.tensor(
      Array.from(u, (v) => v > 0),
      c.shape,
      'bool',
    );
  if (c.dtype === 'int32')
    return tf.tensor(
      Array.from(u, (v) => Math.round(v * 1e6)),
      c.shape,
      'int32',
    );
  return tf.tensor(u, c.shape);
}

async function split(backend: string, c: Case) {
  await initBackend(backend);
  const x = values(c);
  // The kernel itself: the `split` op refuses strings, which the kernel (as wasm's own) splits too.
  const parts = tf.engine().runKernel(tf.SplitV, { x }, { numOrSizeSplits: c.splits, axis: c.axis }) as tf.Tensor[];
  const out = parts.map((p) => ({ shape: p.shape, dtype: p.dtype, values: p.arraySync() }));
  tf.dispose([x, ...parts]);
  return out;
}

describe('SplitV on wasm', () => {
  it.each(CASES.map((c) => [`${c.dtype} [${c.shape}] splits ${JSON.stringify(c.splits)} axis ${c.axis}`, c] as const))(
    '%s: equals cpu',
    async (_, c) => {
      const expected = await split('cpu', c);
      const dataIds = (await initBackend('wasm'), tf.engine().backend.numDataIds());
      const actual = await split('wasm', c);
      expect(actual).toEqual(expected);
      // Every output is a tensor that was disposed: no data left on the heap.
      expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    },
  );

  it('is bit-exact (NaN payloads survive)', async () => {
    await initBackend('wasm');
    const bits = new Int32Array([0x7fa00001, 0x7fc00002, -1, 0x00000001, 0x3f800000, 0xff800000 | 0, 0x7f800001, 42]);
    const x = tf.tensor(new Float32Array(bits.buffer), [2, 4]);
    const [a, b] = tf.split(x, [1, 3], 1) as [tf.Tensor, tf.Tensor];
    const got = [a, b].map((t) => Array.from(new Int32Array((t.dataSync() as Float32Array).slice().buffer)));
    expect(got).toEqual([
      [bits[0], bits[4]],
      [bits[1], bits[2], bits[3], bits[5], bits[6], bits[7]],
    ]);
    tf.dispose([x, a, b]);
  });

  it('gives the gradient of a channel concat', async () => {
    await initBackend('wasm');
    const parts = [4, 8, 4].map((c, i) => tf.tensor4d(seededUniform(2 * 5 * 3 * c, `concat ${i}`), [2, 5, 3, c]));
    const weight = tf.tensor4d(seededUniform(2 * 5 * 3 * 16, 'concat w'), [2, 5, 3, 16]);
    const grads = tf.grads((...xs: tf.Tensor[]) => tf.concat(xs, 3).mul(weight).sum())(parts);
    const expected = tf.split(weight, [4, 8, 4], 3);
    grads.forEach((g, i) => expect(Array.from(g.dataSync())).toEqual(Array.from(expected[i]!.dataSync())));
    tf.dispose([...parts, weight, ...grads, ...expected]);
  });
});

interface ConcatCase {
  readonly shapes: number[][];
  readonly axis: number;
  readonly dtype: 'float32' | 'int32' | 'bool' | 'string';
}

const CONCATS: readonly ConcatCase[] = [
  {
    shapes: [
      [3, 5, 7, 16],
      [3, 5, 7, 16],
      [3, 5, 7, 16],
      [3, 5, 7, 16],
    ],
    axis: 3,
    dtype: 'float32',
  }, // a DARTS cell's output
  {
    shapes: [
      [3, 5, 7, 5],
      [3, 5, 7, 3],
      [3, 5, 7, 1],
    ],
    axis: -1,
    dtype: 'float32',
  }, // byte tails
  {
    shapes: [
      [2, 7, 9, 6],
      [2, 7, 9, 2],
    ],
    axis: 3,
    dtype: 'int32',
  },
  {
    shapes: [
      [5, 7, 3],
      [0, 7, 3],
      [2, 7, 3],
    ],
    axis: 0,
    dtype: 'float32',
  }, // an empty input
  {
    shapes: [
      [4, 1, 5],
      [4, 8, 5],
    ],
    axis: 1,
    dtype: 'int32',
  },
  {
    shapes: [
      [3, 11, 6],
      [3, 11, 1],
    ],
    axis: 2,
    dtype: 'bool',
  }, // 1-byte elements
  { shapes: [[16], [1]], axis: 0, dtype: 'float32' },
  {
    shapes: [
      [2, 3, 4],
      [2, 0, 4],
    ],
    axis: 1,
    dtype: 'float32',
  }, // one non-empty input: wasm's own kernel
  {
    shapes: [
      [2, 3, 1],
      [2, 3, 3],
    ],
    axis: 2,
    dtype: 'string',
  }, // wasm's own kernel
];

async function concat(backend: string, c: ConcatCase) {
  await initBackend(backend);
  return tf.tidy(() => {
    // Each input of its own values (its index added), in the case's dtype.
    const xs = c.shapes.map((shape, i) => {
      const x = values({ shape, splits: 1, axis: 0, dtype: c.dtype });
      return c.dtype === 'float32' || c.dtype === 'int32' ? x.add(tf.scalar(i, c.dtype)) : x;
    });
    const out = tf.concat(xs, c.axis);
    return { shape: out.shape, dtype: out.dtype, values: out.arraySync() };
  });
}

describe('Concat on wasm', () => {
  it.each(CONCATS.map((c) => [`${c.dtype} ${c.shapes.map((s) => `[${s}]`).join(' ')} axis ${c.axis}`, c] as const))(
    '%s: equals cpu',
    async (_, c) => {
      const expected = await concat('cpu', c);
      const dataIds = (await initBackend('wasm'), tf.engine().backend.numDataIds());
      const actual = await concat('wasm', c);
      expect(actual).toEqual(expected);
      expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    },
  );
});
