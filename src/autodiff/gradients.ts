import * as tf from '@tensorflow/tfjs';
import { gradientGroupSize } from '../kernels/webgpu/add-n-chunked.js';

/**
 * Reverse-mode gradients that free memory as the backward pass goes.
 *
 * tfjs's `engine.gradients` keeps every tensor it saved for the backward pass,
 * and the gradient of every intermediate tensor, until the whole backward pass
 * ends; its peak memory is the forward activations plus all their gradients.
 * This walks the same tape in the same order with the same gradient functions,
 * but releases each node's saved tensors and the gradients of its outputs as
 * soon as the node has been differentiated (no later node can need them: the
 * tape is in topological order), as PyTorch's autograd does. Gradients and
 * values are the same tensors tfjs would compute, so results are identical.
 *
 * It reads tfjs 4's engine state (`activeTape`, `gradientDepth`) and tape
 * nodes (`inputs`, `outputs`, `gradient`, `saved`); `test/autodiff` checks it
 * against `engine.gradients`.
 */

interface TapeNode {
  readonly id: number;
  readonly kernelName: string;
  readonly inputs: Readonly<Record<string, tf.Tensor>>;
  readonly outputs: readonly tf.Tensor[];
  readonly gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
  readonly saved?: readonly tf.Tensor[];
}

interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T extends tf.TensorContainer>(name: string, f: () => T): T;
}

function engine(): EngineInternals {
  return tf.engine() as unknown as EngineInternals;
}

/** The tape nodes on a path from some x to y, each with its inputs pruned to those that depend on an x. */
export function pathsFromXsToY(tape: readonly TapeNode[], xs: readonly tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set(xs.map((x) => x.id));
  const nodeFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((t) => fromX.has(t.id))) {
      nodeFromX.add(node.id);
      for (const o of node.outputs) fromX.add(o.id);
    }
  }
  const toY = new Set([y.id]);
  const nodeToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    if (node.outputs.some((o) => toY.has(o.id))) {
      nodeToY.add(node.id);
      for (const t of Object.values(node.inputs)) toY.add(t.id);
    }
  }
  return tape
    .filter((node) => nodeFromX.has(node.id) && nodeToY.has(node.id))
    .map((node) => ({ ...node, inputs: Object.fromEntries(Object.entries(node.inputs).filter(([, t]) => fromX.has(t.id))) }));
}

/**
 * Gradient map keyed by tensor id that counts how many entries hold each
 * gradient tensor (a gradient function may hand the same tensor to several
 * inputs), so a gradient is disposed only when no entry holds it and it is
 * not protected (the caller's `dy`).
 */
class GradientMap {
  private readonly byId = new Map<number, tf.Tensor>();
  private readonly holders = new Map<tf.Tensor, number>();
  /** Gradients not yet added into their entry (`group` > 0): summed by one `addN` when read or when `group` are waiting. */
  private readonly pending = new Map<number, tf.Tensor[]>();

  /** `group`: how many gradients to sum at once (webgpu: one dispatch each `addN`; `gradientGroupSize`); 0 adds each as it comes. */
  constructor(
    private readonly protectedTensors: ReadonlySet<tf.Tensor>,
    private readonly group = 0,
  ) {}

  get(id: number): tf.Tensor | undefined {
    this.flush(id);
    return this.byId.get(id);
  }

  /** Add the pending gradients of `id` into its entry, in one `addN`. */
  private flush(id: number): void {
    const waiting = this.pending.get(id);
    if (waiting === undefined) return;
    this.pending.delete(id);
    const sum = tf.addN([this.byId.get(id)!, ...waiting]);
    this.release(id);
    for (const t of waiting) this.drop(t);
    this.set(id, sum);
  }

  /** One holder less for `t`; disposed when none is left and it is not protected. */
  private drop(t: tf.Tensor): void {
    const left = (this.holders.get(t) ?? 1) - 1;
    if (left > 0) {
      this.holders.set(t, left);
      return;
    }
    this.holders.delete(t);
    if (!this.protectedTensors.has(t)) t.dispose();
  }

  set(id: number, t: tf.Tensor): void {
    this.byId.set(id, t);
    this.holders.set(t, (this.holders.get(t) ?? 0) + 1);
  }

  /** Remove the entry for `id` (and its pending gradients), disposing each tensor when nothing else holds it. */
  release(id: number): void {
    for (const t of this.pending.get(id) ?? []) this.drop(t);
    this.pending.delete(id);
    const t = this.byId.get(id);
    if (t === undefined) return;
    this.byId.delete(id);
    this.drop(t);
  }

  /** Add `dx` into the entry for `id` (with a `group`, once `group` gradients are waiting or the entry is read). */
  accumulate(id: number, dx: tf.Tensor): void {
    const current = this.byId.get(id);
    if (current === undefined) {
      this.set(id, dx);
      return;
    }
    if (this.group > 1) {
      const waiting = this.pending.get(id) ?? [];
      waiting.push(dx);
      this.holders.set(dx, (this.holders.get(dx) ?? 0) + 1);
      this.pending.set(id, waiting);
      if (waiting.length + 1 >= this.group) this.flush(id);
      return;
    }
    const sum = tf.add(current, dx);
    this.release(id);
    if (!this.protectedTensors.has(dx) && !this.holders.has(dx)) dx.dispose();
    this.set(id, sum);
  }
}

function disposeSaved(node: TapeNode): void {
  for (const t of node.saved ?? []) t.dispose();
}

/**
 * `f()`'s value and its gradients with respect to `xs` (undefined where `f`
 * does not depend on an x), like `tf.engine().gradients(f, xs, dy, true)`
 * but with the memory of each node released once it is differentiated.
 */
export function gradients(
  f: () => tf.Tensor,
  xs: readonly tf.Tensor[],
  dy?: tf.Tensor,
): { value: tf.Tensor; grads: (tf.Tensor | undefined)[] } {
  const e = engine();
  if (xs.length === 0) throw new Error('gradients: xs is empty');
  if (dy !== undefined && dy.dtype !== 'float32') throw new Error(`gradients: dy must be float32, got ${dy.dtype}`);
  const y = e.scopedRun(
    () => e.startTape(),
    () => e.endTape(),
    () => e.tidy('forward', f),
  );
  const tape = e.state.activeTape ?? [];
  const topLevel = e.state.gradientDepth === 0;
  const path = pathsFromXsToY(tape, xs, y);
  return e.tidy('backward', () => {
    const seed = dy ?? tf.onesLike(y);
    const map = new GradientMap(new Set(dy === undefined ? [] : [dy]), gradientGroupSize());
    map.set(y.id, seed);
    const xIds = new Set(xs.map((x) => x.id));
    for (let i = path.length - 1; i >= 0; i--) {
      const node = path[i]!;
      if (node.gradient === undefined) throw new Error(`cannot compute gradient: no gradient function for ${node.kernelName}`);
      const dys = node.outputs.map((o) => map.get(o.id) ?? null);
      const inputGrads = node.gradient(dys);
      for (const [name, x] of Object.entries(node.inputs)) {
        const gradFn = inputGrads[name];
        if (gradFn === undefined) throw new Error(`cannot backprop through input ${name} of ${node.kernelName}`);
        const dx = tf.tidy(gradFn);
        if (dx.dtype !== 'float32') throw new Error(`gradient of input ${name} of ${node.kernelName} is ${dx.dtype}, not float32`);
        if (!tf.util.arraysEqual(dx.shape, x.shape)) {
          throw new Error(`gradient of input ${name} of ${node.kernelName} has shape [${dx.shape}], not the input's [${x.shape}]`);
        }
        map.accumulate(x.id, dx);
      }
      for (const o of node.outputs) if (!xIds.has(o.id)) map.release(o.id);
      if (topLevel) disposeSaved(node);
    }
    const grads = xs.map((x) => map.get(x.id));
    if (topLevel) {
      for (const node of tape) disposeSaved(node);
      e.state.activeTape = null;
    }
    return { value: y, grads };
  });
}
