import * as tf from '@tensorflow/tfjs';
import type { Pair, Padding } from './api.js';
import { usesChannelKernel } from './channel-sums.js';
import { forEachTapRun, poolGeometry } from './geometry.js';
import { simdFor } from './simd-module.js';
import { asWasmHeap, floatView, type KernelArgs } from './wasm-heap.js';

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

/** The toolkit's kernel: max pooling's input gradient from the input and the pooled output, SIMD (wasm). */
export const MAX_POOL_GRAD_SIMD = 'TfjsNasMaxPoolGrad';

/**
 * `MAX_POOL_GRAD_SIMD` on wasm, for float32 with channels in groups of 4: per
 * output row and tap of the window in row-major order, SIMD `maxPoolTap`
 * over the output columns whose tap lies inside the image gives each
 * output's gradient to the first tap that equals the pooled value (tfjs's
 * rule, as the cpu backend's `MaxPoolGrad`), 4 channels per instruction, on
 * a scratch copy of `dy` that holds what is left to give. No argmax pass:
 * 3x3 stride 1 over [96,28,28,16] 38 -> 4.3 ms against the argmax path
 * (fastest of 15, bench/heap-kernels.ts, machine under load).
 */
export const wasmMaxPoolGradSimdConfig: tf.KernelConfig = {
  kernelName: MAX_POOL_GRAD_SIMD,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }: KernelArgs) => {
    const name = MAX_POOL_GRAD_SIMD;
    const b = asWasmHeap(backend);
    const simd = simdFor(b.wasm);
    const { x, y, dy } = inputs as Record<'x' | 'y' | 'dy', tf.TensorInfo>;
    const a = attrs as unknown as MaxPoolAttrs;
    const info = tf.backend_util.computePool2DInfo(
      x.shape as [number, number, number, number],
      a.filterSize,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
    );
    const { batchSize, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
    if (simd === null || C % 4 !== 0 || y.shape.join() !== dy.shape.join() || dy.shape.join() !== [batchSize, Ho, Wo, C].join()) {
      throw new Error(
        `${name}: needs SIMD, channels in groups of 4 and y, dy of the pooled shape, got x [${x.shape}], y [${y.shape}], dy [${dy.shape}]`,
      );
    }
    const out = b.makeOutput([...x.shape], 'float32');
    const rem = b.makeOutput([...dy.shape], 'float32');
    try {
      // Views after the allocations (they may grow the heap).
      const dx = floatView(b, out, name).fill(0);
      const left = floatView(b, rem, name);
      left.set(floatView(b, dy, name));
      const [xAt, yAt, remAt, dxAt] = [floatView(b, x, name).byteOffset, floatView(b, y, name).byteOffset, left.byteOffset, dx.byteOffset];
      const pixel = C * 4; // bytes
      const g = poolGeometry(info);
      forEachTapRun(g, 0, batchSize * Ho, (row, inRow, _tap, lo, hi, iw) => {
        const [at, outAt] = [(inRow * W + iw) * pixel, (row * Wo + lo) * pixel];
        simd.maxPoolTap(xAt + at, yAt + outAt, remAt + outAt, dxAt + at, hi - lo, g.strideW * pixel, C / 4);
      });
    } finally {
      b.disposeData(rem.dataId);
    }
    return out;
  },
};

/**
 * Max pooling's input gradient on wasm: `MAX_POOL_GRAD_SIMD` for float32 with
 * channels in groups of 4 (every pooling of a DARTS network), else from the
 * argmax of each window:
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
  if (usesChannelKernel(MAX_POOL_GRAD_SIMD, x, y, dy)) {
    return tf.engine().runKernel(MAX_POOL_GRAD_SIMD, { x, y, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
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
