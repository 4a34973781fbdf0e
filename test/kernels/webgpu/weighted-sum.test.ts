import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/index.js';
import { firstLine } from '../../../src/errors.js';
import { relError } from '../../../src/kernels/index.js';
import { WEIGHTED_SUM, fusedWeightedSum, fusedWeightedSumAvailable, multiOutputDispatches } from '../../../src/kernels/webgpu/index.js';
import { seededUniform } from '../../../src/random/uniform.js';
import { weightedRows } from '../../../src/supernet/index.js';

// The WGSL weighted sum (a mixed op's, or a whole node's, `Σ o_k * w_k` in
// one dispatch per chunk of terms) and its gradients against the cpu
// backend's multiplies and AddN, on the software adapter.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

const SHAPE: [number, number, number, number] = [2, 3, 3, 4];

/** The sum, the gradients of every term and of the weights, for `terms` terms at entries `at` of a [5, 8] weight matrix. */
async function sumAndGrads(backend: string, at: readonly number[], fused: boolean): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(() => {
    const xs = at.map((_, k) => tf.tensor4d(seededUniform(tf.util.sizeFromShape(SHAPE), `ws x${k}`, -2, 2), SHAPE));
    const w = tf.tensor2d(seededUniform(40, 'ws w', 0, 1), [5, 8]);
    const dy = tf.tensor4d(seededUniform(tf.util.sizeFromShape(SHAPE), 'ws dy', -1, 1), SHAPE);
    const f = (...t: tf.Tensor[]) => {
      const terms = t.slice(0, -1) as tf.Tensor4D[];
      const weights = t[t.length - 1]!;
      if (fused) return fusedWeightedSum(terms, weights, at)!;
      const flat = tf.reshape(weights, [-1]);
      return tf.addN(terms.map((x, k) => tf.mul(x, tf.slice(flat, [at[k]!], [1]).reshape([]))));
    };
    return [f(...xs, w), ...tf.grads(f)([...xs, w], dy)];
  });
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(out);
  return values;
}

describe.skipIf(unavailable !== null)(`the WGSL weighted sum${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('is registered on webgpu and used only there', async () => {
    expect(tf.getKernel(WEIGHTED_SUM, 'webgpu')).toBeDefined();
    expect(fusedWeightedSumAvailable()).toBe(true);
    await tf.setBackend('cpu');
    expect(fusedWeightedSumAvailable()).toBe(false);
    const x = tf.ones([1, 1, 1, 1]) as tf.Tensor4D;
    expect(fusedWeightedSum([x], x, [0])).toBeNull();
    x.dispose();
    await tf.setBackend('webgpu');
  });

  it.each([
    ['3 terms', [1, 9, 38]],
    // More terms than one shader binds on the software adapter (16 storage buffers): three chained chunks.
    ['35 terms, one entry twice', [...Array.from({ length: 34 }, (_, k) => k + 3), 7]],
  ])('%s: the sum and the gradients of every term and the weights, as cpu', async (_, at) => {
    const expected = await sumAndGrads('cpu', at, false);
    const recorded = multiOutputDispatches();
    const actual = await sumAndGrads('webgpu', at, true);
    await tf.setBackend('webgpu');
    // The terms' gradients: one dispatch per 14 (16 storage buffers on the software adapter, less dy and w).
    expect(multiOutputDispatches() - recorded).toBe(Math.ceil(at.length / 14));
    expect(actual.length).toBe(at.length + 2);
    expected.forEach((e, i) => expect(relError(actual[i]!, e), `output ${i}`).toBeLessThan(1e-5));
    // The weights' gradient is zero where no term reads them.
    const dw = actual[actual.length - 1]!;
    expect(dw[0]).toBe(0);
    expect(Math.abs(dw[at[0]!]!)).toBeGreaterThan(0);
  });

  it('the relaxation names each option of each row in its matrix, and unstacks only when the weights are read', async () => {
    const w = tf.tensor2d(seededUniform(12, 'rows', 0, 1), [3, 4]);
    const mask = [
      [true, true, false, true],
      [false, false, false, false],
      [true, true, true, true],
    ];
    const counts: number[] = [];
    let at: (readonly number[] | undefined)[] = [];
    const picked = tf.tidy(() => {
      const before = tf.memory().numTensors;
      const rows = weightedRows(w, [1, 2, 3], mask);
      at = rows.map((r) => r.source?.at);
      counts.push(tf.memory().numTensors - before);
      const scalars = rows[2]!.weights!;
      counts.push(tf.memory().numTensors - before);
      expect(rows[0]!.weights!.length).toBe(2);
      counts.push(tf.memory().numTensors - before);
      return tf.stack([...scalars]);
    });
    expect(at).toEqual([[1, 3], [], [9, 10, 11]]);
    // Nothing until a row's weights are read; then the whole matrix once: 3 rows and 12 scalars.
    expect(counts).toEqual([0, 15, 15]);
    expect(Array.from(await picked.data())).toEqual(Array.from((await w.data()).slice(9, 12)));
    tf.dispose([w, picked]);
  });
});
