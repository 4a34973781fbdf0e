import type * as tf from '@tensorflow/tfjs';
import { NasError } from '../../errors.js';
import type { Optimizer, OptimizerState } from './api.js';
import { slotsUnder } from './slot-optimizer.js';

/**
 * A strategy's optimizers under their checkpoint names: slots as
 * `optim.<name>.<slot>`, plain state as `{ <name>: state }`, restored and
 * freed together, so a strategy's checkpoint code is one call each.
 */
export class NamedOptimizers<T extends Record<string, Optimizer>> {
  constructor(readonly all: T) {}

  slots(): [string, tf.Variable][] {
    return Object.entries(this.all).flatMap(([name, o]) =>
      o.slots().map(([slot, v]): [string, tf.Variable] => [`optim.${name}.${slot}`, v]),
    );
  }

  state(): Record<keyof T, OptimizerState> {
    return Object.fromEntries(Object.entries(this.all).map(([name, o]) => [name, o.state()])) as Record<keyof T, OptimizerState>;
  }

  /** Puts back what `state()` (within a strategy's state) and `slots()` gave. */
  restore(state: Readonly<Partial<Record<keyof T, OptimizerState>>>, slots: ReadonlyMap<string, tf.Tensor>): void {
    const states = state as Readonly<Record<string, OptimizerState | undefined>>;
    for (const name of Object.keys(this.all)) {
      if (states[name] === undefined) throw new NasError(`checkpoint has no state of the '${name}' optimizer`);
    }
    for (const [name, o] of Object.entries(this.all)) o.restore(states[name]!, slotsUnder(slots, `optim.${name}`));
  }

  dispose(): void {
    for (const o of Object.values(this.all)) o.dispose();
  }
}
