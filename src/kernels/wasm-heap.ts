import type * as tf from '@tensorflow/tfjs';

/**
 * The part of tfjs's `BackendWasm` the toolkit's heap kernels use: tensors
 * live on the wasm heap, and a typed-array view over a tensor reads or writes
 * it in place (no copy). Make every output before taking views: an allocation
 * may grow the heap and detach the views taken before it.
 */
export interface WasmHeapBackend {
  /** The Emscripten module (see `rowDotFor`). */
  readonly wasm: unknown;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): tf.backend_util.TypedArray;
  readSync(dataId: object): tf.backend_util.BackendValues;
  disposeData(dataId: object): boolean;
}

/** What a kernel function receives. */
export interface KernelArgs {
  readonly inputs: tf.NamedTensorInfoMap;
  readonly backend: unknown;
  readonly attrs?: tf.NamedAttrMap;
}

export function asWasmHeap(backend: unknown): WasmHeapBackend {
  return backend as WasmHeapBackend;
}

/** A float32 tensor's data on the heap (its `byteOffset` is the tensor's heap address). */
export function floatView(backend: WasmHeapBackend, t: tf.TensorInfo, kernel: string): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`${kernel}: expected float32, got ${t.dtype}`);
  return backend.typedArrayFromHeap(t) as Float32Array;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, c) => a * c, 1);
}
