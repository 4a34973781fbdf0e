import * as tf from '@tensorflow/tfjs';
import type { RowChoice } from './api.js';
import type { Module } from '../ops/module.js';
import { withFrozenStatistics } from '../ops/index.js';
import { gradients } from '../autodiff/gradients.js';

/**
 * Run `block` on two inputs without keeping its activations for the backward
 * pass: the forward runs untaped, and the backward recomputes the block under
 * its own tape (gradient checkpointing, Chen et al. 2016). The tape then holds
 * only the block's inputs, so a supernet's peak memory is about one block's
 * worth instead of all of them. The row weights (scalars derived from the
 * architecture parameters) and the module's variables are explicit inputs so
 * their gradients flow; BatchNorm running statistics are frozen during the
 * recomputation so they move once per step, as without recomputation.
 */
export function recompute(
  module: Module,
  inputs: readonly [tf.Tensor4D, tf.Tensor4D],
  rows: readonly RowChoice[],
  block: (a: tf.Tensor4D, b: tf.Tensor4D, rows: readonly RowChoice[]) => tf.Tensor4D,
): tf.Tensor4D {
  const variables = module.parameters();
  const weights = rows.flatMap((r) => r.weights ?? []);
  const rebuild = (scalars: readonly tf.Tensor[]): RowChoice[] => {
    let next = 0;
    return rows.map((r) => (r.weights ? { options: r.options, weights: r.options.map(() => scalars[next++] as tf.Scalar) } : r));
  };
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [a, b, ...scalars] = args.slice(0, 2 + weights.length) as tf.Tensor[];
    save([a!, b!, ...scalars]);
    return {
      value: block(a as tf.Tensor4D, b as tf.Tensor4D, rebuild(scalars)),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [sa, sb, ...ss] = saved as [tf.Tensor4D, tf.Tensor4D, ...tf.Tensor[]];
        const xs = [sa, sb, ...ss, ...variables];
        const { value, grads } = withFrozenStatistics(() => nestedGradients(() => block(sa, sb, rebuild(ss)), xs, dy as tf.Tensor));
        value.dispose();
        return xs.map((x, i) => grads[i] ?? tf.zerosLike(x));
      },
    };
  });
  return f(inputs[0], inputs[1], ...weights, ...variables) as tf.Tensor4D;
}

interface EngineState {
  activeTape: unknown;
}

/**
 * `gradients` called from inside another backward pass. A top-level gradient
 * computation starts a fresh tape and clears `activeTape` when done, which the
 * outer backward pass still needs to free its saved tensors; keep it aside
 * and put it back.
 */
function nestedGradients(f: () => tf.Tensor, xs: tf.Tensor[], dy: tf.Tensor): { value: tf.Tensor; grads: (tf.Tensor | undefined)[] } {
  const state = (tf.engine() as unknown as { state: EngineState }).state;
  const outer = state.activeTape;
  try {
    return gradients(f, xs, dy);
  } finally {
    state.activeTape = outer;
  }
}
