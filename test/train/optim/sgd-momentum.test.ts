import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SgdMomentum, type SgdMomentumOptions } from '../../../src/train/optim/index.js';
import { applyStep, expectClose, expectNasError, makeVariables, read, slotsOf } from './helpers.js';
import { GRADS, TORCH_RUNS, type TorchRun } from './torch-reference.js';

// The options of each torch.optim.SGD run in torch-reference.ts, in this toolkit's names.
const CASES: [keyof typeof TORCH_RUNS, SgdMomentumOptions][] = [
  ['sgd', { momentum: 0.9, weightDecay: 3e-4 }],
  ['sgdNesterov', { momentum: 0.9, weightDecay: 3e-4, nesterov: true }],
  ['sgdDampening', { momentum: 0.5, dampening: 0.1, weightDecay: 0.05 }],
  ['sgdPlain', { momentum: 0, weightDecay: 0.01 }],
];

describe('SgdMomentum', () => {
  it.each(CASES)('%s matches torch.optim.SGD after every step', (name, options) => {
    const variables = makeVariables();
    const optimizer = new SgdMomentum(variables, options);
    const run: TorchRun = TORCH_RUNS[name];
    GRADS.forEach((_, step) => {
      applyStep(optimizer, step);
      expectClose(read(variables), run.weights[step]!, `${name} weights after step ${step}`);
    });
    expect(optimizer.steps).toBe(GRADS.length);
    if (run.momentum === undefined) expect(optimizer.slots()).toEqual([]);
    else expectClose(read(slotsOf(optimizer, 'momentum')), run.momentum, `${name} momentum buffers`);
    optimizer.dispose();
    tf.dispose(variables);
  });

  it('defaults to momentum 0.9 without weight decay, with one non-trainable buffer per variable', () => {
    const a = makeVariables();
    const b = makeVariables();
    const byDefault = new SgdMomentum(a);
    const explicit = new SgdMomentum(b, { momentum: 0.9, weightDecay: 0, nesterov: false, dampening: 0 });
    expect(byDefault.slots().map(([name]) => name)).toEqual(['momentum.0', 'momentum.1']);
    expect(byDefault.slots().every(([, v]) => !v.trainable)).toBe(true);
    for (const step of [0, 1, 2]) {
      applyStep(byDefault, step);
      applyStep(explicit, step);
    }
    expect(read(a)).toEqual(read(b));
    byDefault.dispose();
    explicit.dispose();
    tf.dispose([...a, ...b]);
  });

  it('makes no tensors in apply and frees its slots in dispose', () => {
    const variables = makeVariables();
    const start = tf.memory().numTensors;
    const optimizer = new SgdMomentum(variables, { weightDecay: 3e-4, nesterov: true });
    const withSlots = tf.memory().numTensors;
    expect(withSlots).toBe(start + variables.length);
    for (const step of [0, 1, 2]) {
      applyStep(optimizer, step);
      expect(tf.memory().numTensors).toBe(withSlots);
    }
    const slots = optimizer.slots();
    optimizer.dispose();
    expect(slots.every(([, v]) => v.isDisposed)).toBe(true);
    expect(tf.memory().numTensors).toBe(start);
    expect(() => applyStep(optimizer, 3)).toThrow(/disposed/);
    tf.dispose(variables);
  });

  it('refuses bad options, as PyTorch does', () => {
    const variables = makeVariables();
    expectNasError(() => new SgdMomentum(variables, { nesterov: true, dampening: 0.1 }), 'nesterov', 'dampening 0.1');
    expectNasError(() => new SgdMomentum(variables, { momentum: 0, nesterov: true }), 'nesterov', 'momentum 0');
    expectNasError(() => new SgdMomentum(variables, { momentum: -0.1 }), 'momentum', '-0.1');
    expectNasError(() => new SgdMomentum(variables, { weightDecay: Number.NaN }), 'weightDecay', 'NaN');
    tf.dispose(variables);
  });

  it('refuses gradients that do not fit its variables, and a bad learning rate, before changing anything', () => {
    const variables = makeVariables();
    const optimizer = new SgdMomentum(variables);
    const before = read(variables);
    const grads = [tf.zeros([3]), tf.zeros([4])];
    expect(() => optimizer.apply(grads.slice(0, 1), 0.1)).toThrow('SgdMomentum got 1 gradient(s) for 2 variable(s)');
    expect(() => optimizer.apply(grads, 0.1)).toThrow('gradient 1 has shape [4], variable 1 has [2,2]');
    expectNasError(() => optimizer.apply(grads, Number.POSITIVE_INFINITY), 'learning rate', 'Infinity');
    expect(optimizer.steps).toBe(0);
    expect(read(variables)).toEqual(before);
    tf.dispose(grads);
    optimizer.dispose();
    tf.dispose(variables);
  });
});
