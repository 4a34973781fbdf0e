import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { seededUniform } from '../../src/random/uniform.js';

/** dx of max pooling on one backend, for fixed inputs and output gradient. */
async function maxPoolGrad(
  backend: string,
  x: Float32Array,
  shape: [number, number, number, number],
  k: number,
  s: number,
  pad: 'same' | 'valid',
) {
  await initBackend(backend);
  return tf.tidy(() => {
    const input = tf.tensor4d(x, shape);
    const pool = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, k, s, pad);
    const out = pool(input);
    const dy = tf.tensor(seededUniform(out.size, 'pool-dy'), out.shape);
    return Array.from(tf.grad(pool)(input, dy).dataSync());
  });
}

describe('max pooling gradient on wasm (SIMD per tap, channels in groups of 4)', () => {
  const shape: [number, number, number, number] = [2, 9, 8, 8];
  const random = seededUniform(2 * 9 * 8 * 8, 'pool-x8');
  const ties = random.map((v) => Math.round(v * 2) / 2);

  it.each([
    [3, 1, 'same'],
    [3, 2, 'same'],
    [2, 2, 'valid'],
    [3, 2, 'valid'],
    [5, 3, 'same'],
  ] as const)('k%i s%i %s: equals cpu, ties included (the first maximum in row-major order)', async (k, s, pad) => {
    for (const x of [random, ties]) {
      const cpu = await maxPoolGrad('cpu', x, shape, k, s, pad);
      const wasm = await maxPoolGrad('wasm', x, shape, k, s, pad);
      wasm.forEach((v, i) => expect(Math.abs(v - cpu[i]!)).toBeLessThan(1e-6));
    }
  });

  it('runs the SIMD kernel, not the argmax', async () => {
    await initBackend('wasm');
    const input = tf.tensor4d(random, shape);
    const profile = await tf.profile(() =>
      tf
        .grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 3, 1, 'same').sum())(input)
        .dispose(),
    );
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names).toContain('TfjsNasMaxPoolGrad');
    expect(names).not.toContain(tf.MaxPoolWithArgmax);
    input.dispose();
  });
});

describe('max pooling gradient on wasm (from the argmax, channels not in groups of 4)', () => {
  const shape: [number, number, number, number] = [2, 9, 8, 5];
  const random = seededUniform(2 * 9 * 8 * 5, 'pool-x');
  // Values on a grid of 3 levels: most windows hold ties between different pixels.
  const ties = random.map((v) => Math.round(v * 2) / 2);

  it.each([
    [3, 1, 'same'],
    [3, 2, 'same'],
    [2, 2, 'valid'],
    [3, 2, 'valid'],
    [5, 3, 'same'],
  ] as const)('k%i s%i %s: the gradient goes where cpu puts it', async (k, s, pad) => {
    const cpu = await maxPoolGrad('cpu', random, shape, k, s, pad);
    const wasm = await maxPoolGrad('wasm', random, shape, k, s, pad);
    // Equal up to the order of float additions where windows overlap.
    wasm.forEach((v, i) => expect(Math.abs(v - cpu[i]!)).toBeLessThan(1e-6));
  });

  it("with tied maxima, each window's gradient lands whole on one of its maximal pixels", async () => {
    // 2x2 windows, stride 2: every pixel belongs to one window.
    const wasm = await maxPoolGrad('wasm', ties, shape, 2, 2, 'valid');
    const dy = seededUniform(2 * 4 * 4 * 5, 'pool-dy');
    const [, h, w, c] = shape;
    let tiedWindows = 0;
    for (let n = 0; n < 2; n++) {
      for (let oh = 0; oh < 4; oh++) {
        for (let ow = 0; ow < 4; ow++) {
          for (let ch = 0; ch < c; ch++) {
            const pixels = [0, 1, 2, 3].map((t) => ((n * h + 2 * oh + (t >> 1)) * w + 2 * ow + (t & 1)) * c + ch);
            const max = Math.max(...pixels.map((p) => ties[p]!));
            const hit = pixels.filter((p) => wasm[p] !== 0);
            expect(hit).toHaveLength(1);
            expect(ties[hit[0]!] === max).toBe(true);
            expect(wasm[hit[0]!]).toBeCloseTo(dy[((n * 4 + oh) * 4 + ow) * c + ch]!, 6);
            if (pixels.filter((p) => ties[p] === max).length > 1) tiedWindows++;
          }
        }
      }
    }
    expect(tiedWindows).toBeGreaterThan(20);
  });
});
