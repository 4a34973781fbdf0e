import * as tf from '@tensorflow/tfjs';
import { NasError } from '../../errors.js';
import type { Optimizer, OptimizerState } from './api.js';

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Throws unless `value` is a finite number >= `min` (and < `below` when given); for optimizer options. */
export function checkOption(owner: string, name: string, value: number, min: number, below = Infinity): void {
  if (!Number.isFinite(value) || value < min || value >= below) {
    const range = below === Infinity ? `>= ${min}` : `in [${min}, ${below})`;
    throw new NasError(`${owner} ${name} must be a finite number ${range}, got ${value}`);
  }
}

/**
 * The bookkeeping every optimizer here shares, so each subclass is only its
 * update rule (`update`): the step count, one zero-initialised slot per
 * variable and slot kind (`momentum.3`, `m.3`, `v.3`: kind, then variable
 * index), argument checks, checkpoint state and disposal.
 *
 * Slots are made up front rather than on the first step, so a checkpoint
 * taken before any step has the same names as any later one; rules that
 * treat the first step specially (PyTorch's momentum buffer) look at `steps`.
 */
export abstract class SlotOptimizer implements Optimizer {
  readonly variables: readonly tf.Variable[];
  private readonly slotMap = new Map<string, tf.Variable>();
  private stepCount = 0;
  private disposed = false;

  protected constructor(
    private readonly label: string,
    variables: readonly tf.Variable[],
    private readonly slotKinds: readonly string[],
  ) {
    this.variables = Object.freeze([...variables]);
    tf.tidy(() => {
      for (const kind of slotKinds) {
        this.variables.forEach((v, i) => {
          this.slotMap.set(`${kind}.${i}`, tf.variable(tf.zerosLike(v), false));
        });
      }
    });
  }

  get steps(): number {
    return this.stepCount;
  }

  /** The slot of `kind` for variable `index`. */
  protected slot(kind: string, index: number): tf.Variable {
    const slot = this.slotMap.get(`${kind}.${index}`);
    if (slot === undefined) throw new Error(`${this.label} has no slot '${kind}.${index}'`);
    return slot;
  }

  /**
   * Assigns the new values of the variables and slots for one step; runs
   * inside `tf.tidy`, with `steps` still counting the steps before this one.
   */
  protected abstract update(grads: readonly (tf.Tensor | null)[], lr: number): void;

  apply(grads: readonly (tf.Tensor | null)[], lr: number): void {
    if (this.disposed) throw new Error(`${this.label} was disposed`);
    if (!Number.isFinite(lr) || lr < 0) throw new NasError(`${this.label} learning rate must be a finite number >= 0, got ${lr}`);
    if (grads.length !== this.variables.length) {
      throw new Error(`${this.label} got ${grads.length} gradient(s) for ${this.variables.length} variable(s)`);
    }
    this.variables.forEach((v, i) => {
      const g = grads[i];
      if (g === null || g === undefined) return;
      if (!tf.util.arraysEqual(g.shape, v.shape)) {
        throw new Error(`${this.label} gradient ${i} has shape ${shapeText(g.shape)}, variable ${i} has ${shapeText(v.shape)}`);
      }
    });
    tf.tidy(() => this.update(grads, lr));
    this.stepCount++;
  }

  slots(): [string, tf.Variable][] {
    return [...this.slotMap];
  }

  state(): OptimizerState {
    return { steps: this.stepCount };
  }

  restore(state: OptimizerState, slots: ReadonlyMap<string, tf.Tensor>): void {
    if (this.disposed) throw new Error(`${this.label} was disposed`);
    const { steps } = state;
    if (!Number.isInteger(steps) || steps < 0)
      throw new NasError(`${this.label} checkpoint steps must be an integer >= 0, got ${String(steps)}`);
    // Check everything before assigning anything, so a bad checkpoint leaves the optimizer as it was.
    for (const [name, slot] of this.slotMap) {
      const value = slots.get(name);
      if (value === undefined) throw new NasError(`${this.label} checkpoint is missing slot '${name}' (shape ${shapeText(slot.shape)})`);
      if (!tf.util.arraysEqual(value.shape, slot.shape)) {
        throw new NasError(
          `${this.label} checkpoint slot '${name}' has shape ${shapeText(value.shape)}, expected ${shapeText(slot.shape)}`,
        );
      }
      if (value.dtype !== slot.dtype) {
        throw new NasError(`${this.label} checkpoint slot '${name}' has dtype ${value.dtype}, expected ${slot.dtype}`);
      }
    }
    for (const name of slots.keys()) {
      if (!this.slotMap.has(name)) {
        const known =
          this.slotMap.size === 0 ? 'it keeps none' : `it keeps ${this.slotKinds.join(', ')} for variables 0..${this.variables.length - 1}`;
        throw new NasError(`${this.label} checkpoint has slot '${name}' this optimizer does not have (${known})`);
      }
    }
    for (const [name, slot] of this.slotMap) slot.assign(slots.get(name)!);
    this.stepCount = steps;
  }

  dispose(): void {
    for (const slot of this.slotMap.values()) slot.dispose();
    this.slotMap.clear();
    this.disposed = true;
  }
}

/**
 * The entries of `slots` whose names start with `prefix.`, with the prefix
 * removed: how a strategy hands each optimizer its own slots from a
 * checkpoint holding several (`optim.weights.momentum.3` -> `momentum.3`).
 */
export function slotsUnder<T>(slots: ReadonlyMap<string, T>, prefix: string): Map<string, T> {
  const start = `${prefix}.`;
  return new Map([...slots].flatMap(([name, t]) => (name.startsWith(start) ? [[name.slice(start.length), t] as const] : [])));
}
