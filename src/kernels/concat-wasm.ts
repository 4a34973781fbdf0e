import * as tf from '@tensorflow/tfjs';
import { simdFor } from './simd-module.js';
import { asWasmHeap, sizeOf, type KernelArgs } from './wasm-heap.js';

/**
 * `Concat` on wasm: with each input seen as `[outer, inner_k]` (`outer` the
 * product of the axes before the concat axis), output row `r` is the inputs'
 * rows `r` side by side, copied byte for byte on the heap by one SIMD
 * `copyRows` call per input. wasm's own kernel copies every row with a
 * `TypedArray.set` of a fresh `subarray`: a DARTS cell's output concat
 * ([96,28,28,16] x 4 -> [96,28,28,64], 75k rows of 16 floats per input) took
 * 23-29 ms a call that way, 3 ms this way (bench/heap-kernels.ts, machine under
 * load). Strings (kept on the JS side), a concat with at most one
 * non-empty input, and engines without SIMD go to `stock`, wasm's kernel.
 */
export function wasmConcatConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    // wasm's own config first: its setup binds the C function its kernel calls.
    ...stock,
    kernelFunc: (args) => {
      const { inputs, attrs, backend } = args as KernelArgs;
      const list = inputs as unknown as tf.TensorInfo[];
      const b = asWasmHeap(backend);
      const simd = simdFor(b.wasm);
      const parts = list.filter((t) => sizeOf(t.shape) > 0);
      const first = list[0];
      if (simd === null || first === undefined || first.dtype === 'string' || parts.length < 2) return stock.kernelFunc(args);
      const axis = tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, first.shape)[0]!;
      const shapes = list.map((t) => t.shape);
      tf.backend_util.assertParamsConsistent(shapes, axis);
      const out = b.makeOutput(tf.backend_util.computeOutShape(shapes, axis), first.dtype);
      const bytes = tf.util.bytesPerElement(first.dtype);
      const outer = sizeOf(first.shape.slice(0, axis));
      const widths = parts.map((t) => sizeOf(t.shape.slice(axis)) * bytes);
      const row = widths.reduce((a, c) => a + c, 0);
      // Addresses after the allocation (it may grow the heap).
      let at = b.typedArrayFromHeap(out).byteOffset;
      parts.forEach((t, k) => {
        simd.copyRows(at, b.typedArrayFromHeap(t).byteOffset, outer, widths[k]!, widths[k]!, row);
        at += widths[k]!;
      });
      return out;
    },
  };
}
