import * as tf from '@tensorflow/tfjs';
import { simdFor } from './simd-module.js';
import { asWasmHeap, sizeOf, type KernelArgs } from './wasm-heap.js';

/** Attributes of tfjs's `SplitV` kernel. */
interface SplitVAttrs {
  readonly numOrSizeSplits: number | number[];
  readonly axis: number | number[];
}

/**
 * `SplitV` on wasm: with the input seen as `[outer, axisSize * inner]`, each
 * output is `outer` rows copied from it, byte for byte, on the heap (SIMD
 * `copyRows`; `copyWithin` where the engine lacks SIMD). wasm's own kernel
 * slices each output with its `Slice`, which copies every innermost row with
 * a `TypedArray.set` of a fresh `subarray`: for the gradient of a DARTS cell's
 * channel concat ([96,28,28,64] -> 4 x [96,28,28,16]) that is 300k rows of 16
 * floats, ~130-200 ms a call; this takes ~9 ms (~1-3 ms for the smaller cells).
 * Every dtype and attribute `SplitV` takes; strings, which wasm keeps on the
 * JS side, are split there.
 */
export function wasmSplitV({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const b = asWasmHeap(backend);
  const x = inputs['x'] as tf.TensorInfo;
  const { numOrSizeSplits, axis } = attrs as unknown as SplitVAttrs;
  const $axis = tf.util.parseAxisParam(axis, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, $axis);
  const outer = sizeOf(x.shape.slice(0, $axis));
  const inner = sizeOf(x.shape.slice($axis + 1));
  const stride = (x.shape[$axis] ?? 1) * inner;
  const shapes = sizes.map((s) => x.shape.map((d, i) => (i === $axis ? s : d)));
  const starts = sizes.map((_, k) => sizes.slice(0, k).reduce((a, c) => a + c, 0) * inner);
  if (x.dtype === 'string') {
    const values = b.readSync(x.dataId) as Uint8Array[];
    return shapes.map((shape, k) => {
      const rows = Array.from({ length: outer }, (_, r) =>
        values.slice(r * stride + starts[k]!, r * stride + starts[k]! + sizes[k]! * inner),
      );
      return b.makeOutput(shape, 'string', undefined, rows.flat());
    });
  }
  const outs = shapes.map((shape) => b.makeOutput(shape, x.dtype));
  // Views after every allocation (one may grow the heap).
  const bytes = tf.util.bytesPerElement(x.dtype);
  const source = b.typedArrayFromHeap(x).byteOffset;
  const simd = simdFor(b.wasm);
  outs.forEach((out, k) => {
    const view = b.typedArrayFromHeap(out);
    const [from, length, step] = [source + starts[k]! * bytes, sizes[k]! * inner * bytes, stride * bytes];
    if (simd !== null) {
      simd.copyRows(view.byteOffset, from, outer, length, step, length);
    } else {
      const heap = new Uint8Array(view.buffer);
      for (let r = 0; r < outer; r++) heap.copyWithin(view.byteOffset + r * length, from + r * step, from + r * step + length);
    }
  });
  return outs;
}

export const wasmSplitVConfig: tf.KernelConfig = { kernelName: tf.SplitV, backendName: 'wasm', kernelFunc: wasmSplitV };
