import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Adam, NamedOptimizers, SgdMomentum, type Optimizer } from '../../../src/train/optim/index.js';
import { applyStep, expectNasError, makeVariables, read } from './helpers.js';
import { GRADS } from './torch-reference.js';

type Make = (variables: tf.Variable[]) => Optimizer;

// Every optimizer, as the search loops build them (DARTS: SGD for weights, Adam for alphas).
const OPTIMIZERS: [string, Make][] = [
  ['SgdMomentum', (v) => new SgdMomentum(v, { momentum: 0.9, weightDecay: 3e-4 })],
  ['SgdMomentum nesterov', (v) => new SgdMomentum(v, { weightDecay: 3e-4, nesterov: true })],
  ['SgdMomentum dampened', (v) => new SgdMomentum(v, { momentum: 0.5, dampening: 0.1 })],
  ['SgdMomentum without momentum', (v) => new SgdMomentum(v, { momentum: 0, weightDecay: 0.01 })],
  ['Adam', (v) => new Adam(v, { beta1: 0.5, beta2: 0.999, weightDecay: 1e-3 })],
];

/** A checkpoint as a file would hold it: JSON state, and each slot's shape and values copied out. */
function checkpoint(optimizer: Optimizer): string {
  const slots = optimizer.slots().map(([name, v]) => ({ name, shape: v.shape, values: Array.from(v.dataSync()) }));
  return JSON.stringify({ state: optimizer.state(), slots, weights: read(optimizer.variables) });
}

interface Saved {
  state: { steps: number };
  slots: { name: string; shape: number[]; values: number[] }[];
  weights: number[][];
}

/** A fresh optimizer over fresh variables, resumed from `saved`; the caller disposes both. */
function resume(make: Make, saved: Saved): { optimizer: Optimizer; variables: tf.Variable[] } {
  const variables = makeVariables(saved.weights);
  const optimizer = make(variables);
  const slots = new Map(saved.slots.map(({ name, shape, values }) => [name, tf.tensor(values, shape)] as const));
  optimizer.restore(saved.state, slots);
  tf.dispose([...slots.values()]);
  return { optimizer, variables };
}

describe.each(OPTIMIZERS)('%s checkpoints', (_, make) => {
  it('resumes into a fresh optimizer whose next updates equal the uninterrupted ones exactly', () => {
    const variables = makeVariables();
    const uninterrupted = make(variables);
    for (const step of [0, 1]) applyStep(uninterrupted, step);
    const saved = JSON.parse(checkpoint(uninterrupted)) as Saved;
    expect((saved.state as { steps: number }).steps).toBe(2);

    const resumed = resume(make, saved);
    expect(resumed.optimizer.steps).toBe(2);
    for (let step = 2; step < GRADS.length; step++) {
      applyStep(uninterrupted, step);
      applyStep(resumed.optimizer, step);
      expect(read(resumed.variables), `weights after step ${step}`).toEqual(read(variables));
      expect(checkpoint(resumed.optimizer), `state after step ${step}`).toBe(checkpoint(uninterrupted));
    }
    resumed.optimizer.dispose();
    uninterrupted.dispose();
    tf.dispose([...variables, ...resumed.variables]);
  });

  it('resumes from a checkpoint taken before the first step like a fresh start', () => {
    const a = makeVariables();
    const fresh = make(a);
    const saved = JSON.parse(checkpoint(fresh)) as Saved;
    const resumed = resume(make, saved);
    applyStep(fresh, 0);
    applyStep(resumed.optimizer, 0);
    expect(read(resumed.variables)).toEqual(read(a));
    resumed.optimizer.dispose();
    fresh.dispose();
    tf.dispose([...a, ...resumed.variables]);
  });
});

describe('restore refuses a checkpoint that does not fit, naming the slot, and changes nothing', () => {
  function withSgd(test: (optimizer: Optimizer, slots: Map<string, tf.Tensor>) => void): void {
    const variables = makeVariables();
    const optimizer = new SgdMomentum(variables, { weightDecay: 3e-4 });
    applyStep(optimizer, 0);
    const before = checkpoint(optimizer);
    const slots = new Map<string, tf.Tensor>(optimizer.slots().map(([name, v]) => [name, tf.clone(v)]));
    test(optimizer, slots);
    expect(checkpoint(optimizer)).toBe(before);
    tf.dispose([...slots.values()]);
    optimizer.dispose();
    tf.dispose(variables);
  }

  it('a slot of the wrong shape', () =>
    withSgd((optimizer, slots) => {
      slots.get('momentum.1')!.dispose();
      slots.set('momentum.1', tf.zeros([4]));
      expectNasError(() => optimizer.restore({ steps: 5 }, slots), "slot 'momentum.1'", 'shape [4], expected [2,2]');
    }));

  it('a slot of the wrong dtype', () =>
    withSgd((optimizer, slots) => {
      slots.get('momentum.0')!.dispose();
      slots.set('momentum.0', tf.zeros([3], 'int32'));
      expectNasError(() => optimizer.restore({ steps: 5 }, slots), "slot 'momentum.0'", 'dtype int32');
    }));

  it('a missing slot', () =>
    withSgd((optimizer, slots) => {
      slots.get('momentum.0')!.dispose();
      slots.delete('momentum.0');
      expectNasError(() => optimizer.restore({ steps: 5 }, slots), "missing slot 'momentum.0'", 'shape [3]');
    }));

  it('a slot it does not keep (an Adam checkpoint)', () =>
    withSgd((optimizer, slots) => {
      slots.set('m.0', tf.zeros([3]));
      expectNasError(() => optimizer.restore({ steps: 5 }, slots), "slot 'm.0'", 'keeps momentum for variables 0..1');
    }));

  it('a step count that is not a whole number', () =>
    withSgd((optimizer, slots) => {
      expectNasError(() => optimizer.restore({ steps: 1.5 }, slots), 'steps', '1.5');
      expectNasError(() => optimizer.restore({ steps: -1 }, slots), 'steps', '-1');
    }));
});

describe('NamedOptimizers', () => {
  it("names each optimizer's slots and state, and resumes the set to the same next step", () => {
    const make = (w: tf.Variable[], a: tf.Variable[]) =>
      new NamedOptimizers({ weights: new SgdMomentum(w, { momentum: 0.9, weightDecay: 3e-4 }), arch: new Adam(a, { beta1: 0.5 }) });
    const [w, a] = [makeVariables(), makeVariables()];
    const set = make(w, a);
    applyStep(set.all.weights, 0);
    applyStep(set.all.arch, 0);
    applyStep(set.all.arch, 1);
    expect(set.state()).toMatchObject({ weights: { steps: 1 }, arch: { steps: 2 } });
    expect(Object.keys(set.state())).toEqual(['weights', 'arch']);
    expect(set.slots().map(([n]) => n)).toEqual([
      'optim.weights.momentum.0',
      'optim.weights.momentum.1',
      'optim.arch.m.0',
      'optim.arch.m.1',
      'optim.arch.v.0',
      'optim.arch.v.1',
    ]);
    const slots = new Map(set.slots().map(([n, v]) => [n, v.clone()] as const));
    const [w2, a2] = [makeVariables(read(w)), makeVariables(read(a))];
    const resumed = make(w2, a2);
    expectNasError(() => resumed.restore({ weights: { steps: 1 } }, slots), "no state of the 'arch' optimizer");
    resumed.restore({ epoch: 3, ...set.state() } as never, slots);
    for (const s of [set, resumed]) {
      applyStep(s.all.weights, 1);
      applyStep(s.all.arch, 2);
    }
    expect(read([...w2, ...a2])).toEqual(read([...w, ...a]));
    set.dispose();
    resumed.dispose();
    tf.dispose([...w, ...a, ...w2, ...a2, ...slots.values()]);
  });
});
