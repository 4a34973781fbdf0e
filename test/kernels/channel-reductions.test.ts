import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { channelAffine, channelMoments, channelSums, relError } from '../../src/kernels/index.js';
import { batchNormTrain } from '../../src/ops/batch-norm-train.js';
import { seededUniform } from '../../src/random/uniform.js';
import { batchNormReference } from '../helpers/batch-norm-reference.js';

// The per-channel reduction kernels on wasm (channelSums, channelMoments: SIMD sweeps) against
// tf.sum / tf.moments on cpu, and the training BatchNorm built on them.
const SHAPES: readonly number[][] = [
  [2, 5, 7, 8], // 70 pixels: one full chunk of 64 and a rest
  [3, 7, 9, 12],
  [1, 1, 1, 4],
  [130, 4],
  [2, 5, 7, 3], // channels not in groups of 4: tf.sum on wasm too
];

interface Sums {
  readonly sum: number[];
  readonly dot: number[];
  readonly mean: number[];
  readonly variance: number[];
  readonly kernels: string[];
}

/** channelSums(a), channelSums(a, b) and channelMoments(a) on one backend. */
async function sums(backend: string, shape: number[], offset: number): Promise<Sums & { dotAB: number[] }> {
  await initBackend(backend);
  const size = tf.util.sizeFromShape(shape);
  const a = tf.tensor(seededUniform(size, `sums a ${shape}`, offset - 1, offset + 1), shape);
  const b = tf.tensor(seededUniform(size, `sums b ${shape}`), shape);
  let out: (Sums & { dotAB: number[] }) | null = null;
  const profile = await tf.profile(() => {
    const self = channelSums(a);
    const cross = channelSums(a, b);
    const moments = channelMoments(a);
    out = {
      sum: Array.from(self.sum.dataSync()),
      dot: Array.from(self.dot.dataSync()),
      dotAB: Array.from(cross.dot.dataSync()),
      mean: Array.from(moments.mean.dataSync()),
      variance: Array.from(moments.variance.dataSync()),
      kernels: [],
    };
    tf.dispose([self.sum, self.dot, cross.sum, cross.dot, moments.mean, moments.variance]);
  });
  tf.dispose([a, b]);
  return { ...out!, kernels: profile.kernels.map((k) => k.name) };
}

describe('channelSums and channelMoments on wasm', () => {
  it.each(SHAPES.map((s) => [`[${s}]`, s] as const))('%s: equal tf.sum and tf.moments on cpu', async (_, shape) => {
    const expected = await sums('cpu', shape, 0);
    const dataIds = (await initBackend('wasm'), tf.engine().backend.numDataIds());
    const actual = await sums('wasm', shape, 0);
    for (const key of ['sum', 'dot', 'dotAB', 'mean', 'variance'] as const) {
      expect(relError(actual[key], expected[key]), key).toBeLessThan(1e-5);
    }
    const simd = shape[shape.length - 1]! % 4 === 0;
    expect(actual.kernels.includes('TfjsNasChannelSums')).toBe(simd);
    expect(actual.kernels.includes('TfjsNasChannelMoments')).toBe(simd);
    // The kernel's scratch buffer is freed.
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
  });

  it('keeps the variance accurate when the mean is 35x the standard deviation', async () => {
    const expected = await sums('cpu', [4, 9, 9, 8], 20);
    const actual = await sums('wasm', [4, 9, 9, 8], 20);
    expect(relError(actual.mean, expected.mean)).toBeLessThan(1e-6);
    expect(relError(actual.variance, expected.variance)).toBeLessThan(1e-5);
  });
});

describe('channelAffine on wasm', () => {
  /** x * a + c and x * a + y * b + c on one backend, and the kernels they ran. */
  async function affine(backend: string, shape: number[]) {
    await initBackend(backend);
    const channels = shape[shape.length - 1]!;
    const size = tf.util.sizeFromShape(shape);
    const [x, y] = ['x', 'y'].map((k) => tf.tensor(seededUniform(size, `affine ${k} ${shape}`), shape));
    const [a, b, c] = ['a', 'b', 'c'].map((k) => tf.tensor1d(seededUniform(channels, `affine ${k} ${shape}`, -2, 2)));
    let out: number[][] = [];
    const profile = await tf.profile(() => {
      const [one, two] = [channelAffine(x!, a!, c!), channelAffine(x!, a!, c!, y!, b!)];
      out = [Array.from(one.dataSync()), Array.from(two.dataSync())];
      tf.dispose([one, two]);
    });
    tf.dispose([x!, y!, a!, b!, c!]);
    return { one: out[0]!, two: out[1]!, kernels: profile.kernels.map((k) => k.name) };
  }

  it.each(SHAPES.map((s) => [`[${s}]`, s] as const))('%s: equals tfjs ops on cpu', async (_, shape) => {
    const expected = await affine('cpu', shape);
    const actual = await affine('wasm', shape);
    expect(relError(actual.one, expected.one)).toBeLessThan(1e-6);
    expect(relError(actual.two, expected.two)).toBeLessThan(1e-6);
    expect(actual.kernels.includes('TfjsNasChannelAffine')).toBe(shape[shape.length - 1]! % 4 === 0);
  });

  it('has the gradient of the composed ops, in every input', async () => {
    const shape = [2, 5, 3, 8];
    const grads = async (backend: string) => {
      await initBackend(backend);
      return tf.tidy(() => {
        const size = tf.util.sizeFromShape(shape);
        const [x, y, w] = ['x', 'y', 'w'].map((k) => tf.tensor(seededUniform(size, `affine grad ${k}`), shape));
        const [a, b, c] = ['a', 'b', 'c'].map((k) => tf.tensor1d(seededUniform(8, `affine grad ${k}`, -2, 2)));
        const f = (...t: tf.Tensor[]) =>
          tf.sum(tf.mul(channelAffine(t[0]!, t[2] as tf.Tensor1D, t[4] as tf.Tensor1D, t[1], t[3] as tf.Tensor1D), w!));
        return tf
          .grads(f)([x!, y!, a!, b!, c!])
          .map((g) => Array.from(g.dataSync()));
      });
    };
    const expected = await grads('cpu');
    const actual = await grads('wasm');
    actual.forEach((g, i) => expect(relError(g, expected[i]!), `input ${i}`).toBeLessThan(1e-5));
  });

  it('rejects y without b', () => {
    const x = tf.ones([2, 4]);
    const v = tf.ones([4]) as tf.Tensor1D;
    expect(() => channelAffine(x, v, v, x)).toThrow(/y and b go together/);
    tf.dispose([x, v]);
  });
});

describe('channelSums accuracy', () => {
  // BatchNorm's input gradient m·dy - Σdy - x̂·Σ(dy·x̂) cancels when dy is nearly a + b·x̂
  // per channel (e.g. behind another BN): the sums' error then dominates it.
  it('sums 400k float32 values with a large mean to ~3e-8 of float64 (tf.sum on wasm: ~4e-6)', async () => {
    await initBackend('wasm');
    const shape = [32, 28, 28, 16];
    const size = tf.util.sizeFromShape(shape);
    const a = seededUniform(size, 'accuracy a', 4, 6);
    const b = seededUniform(size, 'accuracy b');
    const [exactSum, exactDot] = [new Float64Array(16), new Float64Array(16)];
    for (let i = 0; i < size; i++) {
      exactSum[i % 16] = exactSum[i % 16]! + a[i]!;
      exactDot[i % 16] = exactDot[i % 16]! + a[i]! * b[i]!;
    }
    const [ta, tb] = [tf.tensor(a, shape), tf.tensor(b, shape)];
    const { sum, dot } = channelSums(ta, tb);
    expect(relError(sum.dataSync(), exactSum)).toBeLessThan(3e-7);
    expect(relError(dot.dataSync(), exactDot)).toBeLessThan(3e-7);
    tf.dispose([ta, tb, sum, dot]);
  });
});

describe('training BatchNorm through the kernel', () => {
  const reference = batchNormReference;

  it('value and batch statistics match plain ops on cpu', async () => {
    const x = seededUniform(3 * 5 * 7 * 8, 'bn value x', 1, 3);
    const gamma = seededUniform(8, 'bn value gamma');
    const beta = seededUniform(8, 'bn value beta');
    const run = (fn: (x: tf.Tensor4D, g: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor) =>
      tf.tidy(() => fn(tf.tensor4d(x, [3, 5, 7, 8]), tf.tensor1d(gamma), tf.tensor1d(beta)).dataSync());
    await initBackend('cpu');
    const expected = run((a, g, b) => reference(a, g, b));
    await initBackend('wasm');
    let stats: number[][] = [];
    const actual = run((a, g, b) =>
      batchNormTrain(a, g, b, 1e-5, (s) => {
        stats = [Array.from(s.mean.dataSync()), Array.from(s.variance.dataSync())];
      }),
    );
    expect(relError(actual, expected)).toBeLessThan(1e-5);
    await initBackend('cpu');
    const moments = tf.tidy(() => {
      const m = tf.moments(tf.tensor4d(x, [3, 5, 7, 8]), [0, 1, 2]);
      return [Array.from(m.mean.dataSync()), Array.from(m.variance.dataSync())];
    });
    await initBackend('wasm');
    expect(relError(stats[0]!, moments[0]!)).toBeLessThan(1e-6);
    expect(relError(stats[1]!, moments[1]!)).toBeLessThan(1e-5);
  });
});
