import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Adam, type AdamOptions } from '../../../src/train/optim/index.js';
import { applyStep, expectClose, expectNasError, makeVariables, read, slotsOf } from './helpers.js';
import { GRADS, TORCH_RUNS, type TorchRun } from './torch-reference.js';

// The options of each torch.optim.Adam run in torch-reference.ts, in this toolkit's names.
const CASES: [keyof typeof TORCH_RUNS, AdamOptions][] = [
  ['adam', { beta1: 0.5, beta2: 0.999, weightDecay: 1e-3 }],
  ['adamEps', { beta1: 0.9, beta2: 0.999, eps: 0.1, weightDecay: 0.01 }],
];

describe('Adam', () => {
  it.each(CASES)('%s matches torch.optim.Adam after every step', (name, options) => {
    const variables = makeVariables();
    const optimizer = new Adam(variables, options);
    const run: TorchRun = TORCH_RUNS[name];
    GRADS.forEach((_, step) => {
      applyStep(optimizer, step);
      expectClose(read(variables), run.weights[step]!, `${name} weights after step ${step}`);
    });
    expect(optimizer.steps).toBe(GRADS.length);
    expectClose(read(slotsOf(optimizer, 'm')), run.m!, `${name} first moments`);
    expectClose(read(slotsOf(optimizer, 'v')), run.v!, `${name} second moments`);
    optimizer.dispose();
    tf.dispose(variables);
  });

  it('keeps m and v per variable as non-trainable slots, and makes no tensors in apply', () => {
    const variables = makeVariables();
    const start = tf.memory().numTensors;
    const optimizer = new Adam(variables, { beta1: 0.5, weightDecay: 1e-3 });
    expect(optimizer.slots().map(([name]) => name)).toEqual(['m.0', 'm.1', 'v.0', 'v.1']);
    expect(optimizer.slots().every(([, v]) => !v.trainable)).toBe(true);
    const withSlots = tf.memory().numTensors;
    expect(withSlots).toBe(start + 2 * variables.length);
    for (const step of [0, 1, 2, 3]) {
      applyStep(optimizer, step);
      expect(tf.memory().numTensors).toBe(withSlots);
    }
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose(variables);
  });

  it('refuses betas outside [0, 1) and a negative eps', () => {
    const variables = makeVariables();
    expectNasError(() => new Adam(variables, { beta1: 1 }), 'beta1', 'in [0, 1)', 'got 1');
    expectNasError(() => new Adam(variables, { beta2: -0.5 }), 'beta2', '-0.5');
    expectNasError(() => new Adam(variables, { eps: -1e-8 }), 'eps');
    tf.dispose(variables);
  });
});
