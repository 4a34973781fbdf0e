import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, clipGradNorm } from '../../../src/train/optim/index.js';
import { expectClose, expectNasError, read } from './helpers.js';
import { SHAPES, TORCH_CLIP } from './torch-reference.js';

function grads(): tf.Tensor[] {
  return SHAPES.map((shape, i) => tf.tensor(TORCH_CLIP.grads[i]!, shape));
}

describe('clipGradNorm', () => {
  it('matches torch.nn.utils.clip_grad_norm_ above the max norm, into new tensors', () => {
    const input = grads();
    const { grads: clipped, norm } = clipGradNorm(input, 5);
    expect(Math.abs(norm - TORCH_CLIP.norm)).toBeLessThanOrEqual(1e-6 * TORCH_CLIP.norm);
    expectClose(read(clipped), TORCH_CLIP.clipped, 'clipped gradients');
    expect(clipped.map((g) => g.shape)).toEqual(SHAPES);
    expect(read(input)).toEqual(TORCH_CLIP.grads);
    tf.dispose([...input, ...clipped]);
  });

  it('returns copies it does not scale at or below the max norm, and the norm', () => {
    const input = grads();
    const { grads: copies, norm } = clipGradNorm(input, 10);
    expect(norm).toBeCloseTo(Math.sqrt(50), 5);
    expect(read(copies)).toEqual(TORCH_CLIP.grads);
    copies.forEach((g, i) => expect(g).not.toBe(input[i]));
    tf.dispose(input);
    expect(read(copies)).toEqual(TORCH_CLIP.grads);
    tf.dispose(copies);
  });

  it('makes no tensors beyond the ones it returns', () => {
    const input = grads();
    const start = tf.memory().numTensors;
    const { grads: clipped } = clipGradNorm(input, 5);
    expect(tf.memory().numTensors).toBe(start + input.length);
    tf.dispose([...input, ...clipped]);
  });

  it('gives norm 0 and no gradients for no gradients, and refuses a max norm that is not positive', () => {
    expect(clipGradNorm([], 5)).toEqual({ grads: [], norm: 0 });
    expectNasError(() => clipGradNorm([], 0), 'max norm', 'got 0');
    expectNasError(() => clipGradNorm([], Number.NaN), 'max norm', 'NaN');
  });
});

describe('clipByGlobalNorm (the coefficient on the device)', () => {
  it('matches torch.nn.utils.clip_grad_norm_ above the max norm and leaves gradients as they are below it', () => {
    const input = grads();
    const clipped = clipByGlobalNorm(input, 5);
    expectClose(read(clipped), TORCH_CLIP.clipped, 'clipped gradients');
    const unscaled = clipByGlobalNorm(input, 10);
    expect(read(unscaled)).toEqual(TORCH_CLIP.grads);
    unscaled.forEach((g, i) => expect(g).not.toBe(input[i]));
    tf.dispose([...input, ...clipped, ...unscaled]);
  });

  it('keeps nulls, scales by NaN for a NaN norm, makes no tensors beyond its results, and refuses a bad max norm', () => {
    const [a, b] = [tf.tensor1d([3, 4]), tf.tensor1d([Number.NaN, 1])];
    const start = tf.memory().numTensors;
    const out = clipByGlobalNorm([a, null, b], 1);
    expect(tf.memory().numTensors).toBe(start + 2);
    expect(out[1]).toBeNull();
    expect(read([out[0]!]).flat().every(Number.isNaN)).toBe(true);
    tf.dispose([a, b, out[0]!, out[2]!]);
    expect(clipByGlobalNorm([null], 5)).toEqual([null]);
    expectNasError(() => clipByGlobalNorm([], -1), 'max norm', 'got -1');
  });
});
