import * as tf from '@tensorflow/tfjs';

/** Where a traced kernel input comes from: the network input, an earlier call's output, or a constant. */
export type TraceRef =
  | { readonly kind: 'input' }
  | { readonly kind: 'call'; readonly call: number; readonly output: number }
  | { readonly kind: 'const'; readonly index: number };

/** Shape and dtype of a traced tensor. */
export interface TracedTensor {
  readonly shape: readonly number[];
  readonly dtype: tf.DataType;
}

/** A tensor the traced computation reads but does not compute from the input: a weight, a BN statistic, a scalar. */
export interface TracedConst extends TracedTensor {
  readonly values: Float32Array | Int32Array | Uint8Array;
}

/** One outermost kernel call that depends on the input. Inputs keep the kernel's input names and order. */
export interface TracedCall {
  readonly kernelName: string;
  readonly inputs: readonly (readonly [name: string, ref: TraceRef, tensor: TracedTensor])[];
  readonly attrs: Readonly<tf.NamedAttrMap>;
  readonly outputs: readonly TracedTensor[];
}

/** The kernel-level record of one forward pass: calls in execution order, the constants they read, the result. */
export interface KernelTrace {
  readonly input: TracedTensor;
  readonly calls: readonly TracedCall[];
  readonly constants: readonly TracedConst[];
  readonly output: TraceRef;
  readonly outputTensor: TracedTensor;
}

type DataId = object;

/**
 * Tensors are told apart by buffer, shape and dtype: tfjs backends share a
 * buffer between a tensor and its `reshape` or `Identity` (the data under one
 * buffer never changes), so the buffer alone names several tensors, the
 * triple only views of equal values.
 */
class TensorIndex {
  private readonly refs = new WeakMap<DataId, Map<string, TraceRef>>();

  private static key(info: tf.TensorInfo): string {
    return `${info.dtype}[${info.shape.join(',')}]`;
  }

  get(info: tf.TensorInfo): TraceRef | undefined {
    return this.refs.get(info.dataId)?.get(TensorIndex.key(info));
  }

  set(info: tf.TensorInfo, ref: TraceRef): void {
    let views = this.refs.get(info.dataId);
    if (!views) {
      views = new Map();
      this.refs.set(info.dataId, views);
    }
    views.set(TensorIndex.key(info), ref);
  }
}

function describe(info: tf.TensorInfo): TracedTensor {
  return { shape: [...info.shape], dtype: info.dtype };
}

/**
 * Records outermost kernel calls; calls made by a kernel itself (composite kernels) run untraced inside it.
 * With `readValues` false constants get their refs but no values (nothing is read back from the backend),
 * which is what a backend without synchronous reads (WebGPU under Node) allows.
 */
class Recorder {
  depth = 0;
  readonly calls: TracedCall[] = [];
  readonly constants: TracedConst[] = [];
  readonly index = new TensorIndex();
  private constantCount = 0;

  constructor(private readonly readValues: boolean) {}

  /** Capture a tensor no recorded call computed: its values are read now, while it is alive (unless shape-only). */
  private constant(info: tf.TensorInfo): TraceRef {
    if (!this.readValues) {
      const ref: TraceRef = { kind: 'const', index: this.constantCount++ };
      this.index.set(info, ref);
      return ref;
    }
    if (info.dtype !== 'float32' && info.dtype !== 'int32' && info.dtype !== 'bool') {
      throw new Error(`cannot export a constant of dtype ${info.dtype} (shape [${info.shape}])`);
    }
    const data = tf.engine().readSync(info.dataId) as Float32Array | Int32Array | Uint8Array;
    const values =
      info.dtype === 'float32' ? Float32Array.from(data) : info.dtype === 'int32' ? Int32Array.from(data) : Uint8Array.from(data);
    const ref: TraceRef = { kind: 'const', index: this.constants.length };
    this.constants.push({ ...describe(info), values });
    this.index.set(info, ref);
    return ref;
  }

  /**
   * Record a finished outermost call. A call none of whose inputs depends on
   * the network input computes a constant: it is not recorded, and its
   * output is read as a constant where a recorded call uses it (constant folding).
   */
  record(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap | undefined, out: unknown): void {
    const given = Object.entries(inputs).filter((entry): entry is [string, tf.TensorInfo] => entry[1] != null);
    const dynamic = given.some(([, info]) => {
      const ref = this.index.get(info);
      return ref !== undefined && ref.kind !== 'const';
    });
    if (!dynamic) return;
    const call = this.calls.length;
    const outputs = (Array.isArray(out) ? out : [out]) as tf.TensorInfo[];
    this.calls.push({
      kernelName,
      inputs: given.map(([name, info]) => [name, this.index.get(info) ?? this.constant(info), describe(info)] as const),
      attrs: { ...(attrs ?? {}) },
      outputs: outputs.map(describe),
    });
    outputs.forEach((info, output) => this.index.set(info, { kind: 'call', call, output }));
  }

  /** The ref of the traced function's result (a constant if it does not depend on the input). */
  result(info: tf.TensorInfo): TraceRef {
    return this.index.get(info) ?? this.constant(info);
  }
}

function wrap(config: tf.KernelConfig, recorder: Recorder): tf.KernelConfig {
  const original = config.kernelFunc;
  return {
    ...config,
    kernelFunc: (args) => {
      if (recorder.depth > 0) return original(args);
      recorder.depth++;
      let out: ReturnType<tf.KernelFunc>;
      try {
        out = original(args);
      } finally {
        recorder.depth--;
      }
      recorder.record(config.kernelName, args.inputs, args.attrs, out);
      return out;
    },
  };
}

function swapKernels(configs: readonly tf.KernelConfig[]): void {
  for (const config of configs) {
    tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
  }
}

/**
 * Run `fn` once on a zero input of `inputShape` and record the kernels it
 * runs on the active backend, by wrapping every registered kernel for the
 * duration (originals restored in a `finally`). Only outermost calls are
 * recorded; tensors that no recorded call computed from the input are
 * captured as constants with their values, so the trace alone reproduces
 * `fn`. The function must be pure tfjs (no data-dependent JavaScript control
 * flow), which inference of the toolkit's networks is.
 */
export function traceKernels(inputShape: readonly number[], fn: (x: tf.Tensor) => tf.Tensor): KernelTrace {
  return runTrace(inputShape, fn, true);
}

/**
 * The calls of `traceKernels` (kernel names, attributes, input and output
 * shapes) without the constants' values: it reads no tensor back from the
 * backend, so it works where synchronous reads are impossible (WebGPU under
 * Node) and costs no copies. Enough for anything that depends on shapes only,
 * such as counting multiply-adds.
 */
export function traceKernelCalls(inputShape: readonly number[], fn: (x: tf.Tensor) => tf.Tensor): readonly TracedCall[] {
  return runTrace(inputShape, fn, false).calls;
}

function runTrace(inputShape: readonly number[], fn: (x: tf.Tensor) => tf.Tensor, readValues: boolean): KernelTrace {
  const backendName = tf.getBackend();
  const originals = tf.getKernelsForBackend(backendName);
  const recorder = new Recorder(readValues);
  const wrapped = originals.map((config) => wrap(config, recorder));
  swapKernels(wrapped);
  let trace: KernelTrace | undefined;
  try {
    tf.tidy(() => {
      const x = tf.zeros([...inputShape]);
      recorder.index.set(x, { kind: 'input' });
      const y = fn(x);
      const output = recorder.result(y);
      trace = { input: describe(x), calls: recorder.calls, constants: recorder.constants, output, outputTensor: describe(y) };
    });
  } finally {
    swapKernels(originals);
  }
  if (!trace) throw new Error('the traced function did not run');
  return trace;
}
