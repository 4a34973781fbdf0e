import * as tf from '@tensorflow/tfjs';
import { simdFor } from './simd-module.js';
import { asWasmHeap, type KernelArgs } from './wasm-heap.js';

/**
 * `DepthToSpace` on wasm for NHWC:
 * `out[n, h * b + i, w * b + j, c] = x[n, h, w, (i * b + j) * C + c]`. For a
 * fixed input row `(n, h)` and block row `i`, the `b * C` values of every
 * input pixel land side by side in output row `h * b + i`: one SIMD
 * `copyRows` call per input row and block row. wasm's own kernel computes
 * every element's index: 400 ms for [96,14,14,256] -> [96,28,28,64] (the
 * input gradient of a FactorizedReduce), against ~50 ms for the whole
 * gradient as a convolution. NCHW and engines without SIMD go to `stock`.
 */
export function wasmDepthToSpaceConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    // wasm's own config first: its setup binds the C function its kernel calls.
    ...stock,
    kernelFunc: (args) => {
      const { inputs, attrs, backend } = args as KernelArgs;
      const x = inputs['x'] as tf.TensorInfo;
      const { blockSize: block, dataFormat } = attrs as unknown as { blockSize: number; dataFormat: 'NHWC' | 'NCHW' };
      const b = asWasmHeap(backend);
      const simd = simdFor(b.wasm);
      if (simd === null || dataFormat !== 'NHWC' || x.dtype === 'string') return stock.kernelFunc(args);
      const [n, h, w, depth] = x.shape as [number, number, number, number];
      const channels = depth / (block * block);
      const out = b.makeOutput([n, h * block, w * block, channels], x.dtype);
      const bytes = tf.util.bytesPerElement(x.dtype);
      // Addresses after the allocation (it may grow the heap).
      const [xAt, outAt] = [x, out].map((t) => b.typedArrayFromHeap(t).byteOffset) as [number, number];
      const [pixel, piece] = [depth * bytes, block * channels * bytes];
      for (let r = 0; r < n * h; r++) {
        for (let i = 0; i < block; i++) {
          simd.copyRows(outAt + (r * block + i) * w * piece, xAt + r * w * pixel + i * piece, w, piece, pixel, piece);
        }
      }
      return out;
    },
  };
}
