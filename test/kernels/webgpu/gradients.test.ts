import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.js';
import { checkGradient, gradientCases } from '../../../src/kernels/check/index.js';
import { selfCheck, SELF_CHECK_TOLERANCE } from '../../../src/cli/info.js';
import { firstLine } from '../../../src/errors.js';

// Every training kernel and gradient on tfjs's WebGPU backend (software
// adapter: Mesa llvmpipe through Dawn's OpenGL backend), against the cpu
// backend, over the same grid as wasm.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

describe.skipIf(unavailable !== null)(`gradients on webgpu${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    await initBackend('webgpu');
  });

  const cases = gradientCases('full').filter((c) => (c.backends ?? ['webgpu']).includes('webgpu'));

  it('runs the strided dilated depthwise cases (a DARTS reduction cell)', () => {
    expect(cases.some((c) => c.op === 'depthwiseConv2d' && / s2 d2 /.test(c.label))).toBe(true);
  });

  it.each(cases.map((c) => [`${c.op} ${c.label}`, c] as const))('%s', async (_, c) => {
    for (const result of await checkGradient(c, 'webgpu')) {
      expect(result.relError, `${result.kernel} (${result.input})`).toBeLessThan(1e-4);
    }
  });

  it('nas info --check passes on webgpu', async () => {
    const results = await selfCheck('webgpu');
    expect(results.length).toBeGreaterThan(40);
    for (const r of results) expect(r.relError, `${r.kernel} ${r.op} ${r.label}`).toBeLessThan(SELF_CHECK_TOLERANCE);
  });

  it('pads rank-6 tensors (tfjs-webgpu compiles pads up to rank 4)', async () => {
    const x = tf.tidy(() => tf.range(1, 25).reshape([1, 2, 1, 3, 1, 4]));
    const padded = tf.tidy(() =>
      x.pad([
        [0, 0],
        [1, 0],
        [0, 1],
        [0, 0],
        [0, 2],
        [0, 0],
      ]),
    );
    expect(padded.shape).toEqual([1, 3, 2, 3, 3, 4]);
    const actual = await padded.data();
    await tf.setBackend('cpu');
    const expected = tf.tidy(() =>
      tf
        .tensor(
          Array.from({ length: 24 }, (_, i) => i + 1),
          [1, 2, 1, 3, 1, 4],
        )
        .pad([
          [0, 0],
          [1, 0],
          [0, 1],
          [0, 0],
          [0, 2],
          [0, 0],
        ])
        .dataSync(),
    );
    await tf.setBackend('webgpu');
    expect(Array.from(actual)).toEqual(Array.from(expected));
    tf.dispose([x, padded]);
  });
});
