import * as tf from '@tensorflow/tfjs';
import type { Pair, Padding } from './api.js';

/** Attributes of tfjs's `MaxPool` kernel. */
export interface MaxPoolAttrs {
  readonly filterSize: Pair;
  readonly strides: Pair;
  readonly pad: Padding;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The toolkit's kernel: max pooling's input gradient from the argmax of each window (wasm). */
export const MAX_POOL_GRAD_FROM_ARGMAX = 'TfjsNasMaxPoolGradFromArgmax';

interface WasmHeapBackend {
  readonly wasm: { readonly HEAPU8: Uint8Array };
  readonly dataIdMap: { get(dataId: object): { readonly memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

function offsetOf(backend: WasmHeapBackend, t: tf.TensorInfo): number {
  const entry = backend.dataIdMap.get(t.dataId);
  if (entry === undefined) throw new Error(`${MAX_POOL_GRAD_FROM_ARGMAX}: tensor data is not on the wasm backend`);
  return entry.memoryOffset;
}

const size = (shape: readonly number[]) => shape.reduce((a, c) => a * c, 1);

/**
 * `MAX_POOL_GRAD_FROM_ARGMAX` on wasm: `dx[argmax(window)] += dy[window]` in
 * one pass over the outputs, on the wasm heap in place. wasm's
 * `MaxPoolWithArgmax` sometimes returns an index whose pixel is not the
 * window's maximum (we saw index 0 for a window of the second image of a
 * batch), so every index is checked against the pooled value and the window
 * is searched again (first maximum in row-major order, tfjs's rule) when
 * they differ.
 */
export const wasmMaxPoolGradFromArgmaxConfig: tf.KernelConfig = {
  kernelName: MAX_POOL_GRAD_FROM_ARGMAX,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const b = backend as unknown as WasmHeapBackend;
    const { x, dy, pooled, indexes } = inputs as Record<'x' | 'dy' | 'pooled' | 'indexes', tf.TensorInfo>;
    const a = attrs as unknown as MaxPoolAttrs;
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad);
    const out = b.makeOutput(x.shape, 'float32');
    // Views after the allocation: it may grow (and replace) the heap's buffer.
    const heap = b.wasm.HEAPU8.buffer;
    const dx = new Float32Array(heap, offsetOf(b, out), size(x.shape));
    const xv = new Float32Array(heap, offsetOf(b, x), size(x.shape));
    const g = new Float32Array(heap, offsetOf(b, dy), size(dy.shape));
    const y = new Float32Array(heap, offsetOf(b, pooled), size(pooled.shape));
    const at = new Int32Array(heap, offsetOf(b, indexes), size(indexes.shape));
    const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
    const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
    const { top, left } = info.padInfo;
    dx.fill(0);
    let i = 0;
    for (let n = 0; n < batchSize; n++) {
      const image = n * H * W * C;
      for (let oh = 0; oh < Ho; oh++) {
        for (let ow = 0; ow < Wo; ow++) {
          for (let c = 0; c < C; c++, i++) {
            let j = image + at[i]!;
            if (xv[j] !== y[i]) {
              let best = -Infinity;
              for (let h = Math.max(0, oh * sh - top); h < Math.min(H, oh * sh - top + fh); h++) {
                for (let w = Math.max(0, ow * sw - left); w < Math.min(W, ow * sw - left + fw); w++) {
                  const k = image + (h * W + w) * C + c;
                  if (xv[k]! > best || j < 0) [best, j] = [xv[k]!, k];
                }
              }
            }
            dx[j] = dx[j]! + g[i]!;
          }
        }
      }
    }
    return out;
  },
};

/**
 * Max pooling's input gradient on wasm from the argmax of each window:
 * wasm's `MaxPoolWithArgmax` (one pass over the windows) gives each output
 * the index of its window's maximum, and the output gradients are added
 * there. wasm's own `MaxPoolGrad` searches every window again for every
 * pixel it covers (~20x the forward pooling on a DARTS cell); this takes
 * about half of that. Where a window holds its maximum twice, the gradient
 * goes to the one wasm's argmax picks, not necessarily the first as on cpu:
 * both are valid subgradients (exact ties are rare in float activations).
 * Other backends keep their `MaxPoolGrad`.
 */
export function maxPoolGrad(x: tf.Tensor4D, y: tf.Tensor4D, dy: tf.Tensor4D, attrs: MaxPoolAttrs): tf.Tensor4D {
  const pad = attrs.pad;
  if (tf.getBackend() !== 'wasm' || attrs.dimRoundingMode !== undefined || typeof pad !== 'string') {
    return tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output: y }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }
  return tf.tidy(() => {
    const argmax = tf.maxPoolWithArgmax(x, attrs.filterSize, attrs.strides, pad, false);
    const inputs = { x, dy, pooled: argmax.result as tf.Tensor, indexes: argmax.indexes as tf.Tensor };
    return tf.engine().runKernel(MAX_POOL_GRAD_FROM_ARGMAX, inputs, {
      filterSize: attrs.filterSize,
      strides: attrs.strides,
      pad,
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  });
}
