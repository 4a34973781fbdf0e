import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { convGeometry, forEachTapBlock } from './geometry.js';
import { simdFor, threadedHeap } from './simd-module.js';
import { asWasmHeap, floatView, type KernelArgs } from './wasm-heap.js';

/**
 * `DepthwiseConv2dNative` on wasm for 5x5 and larger or dilated filters
 * (DARTS's `sep_conv_5x5`, `dil_conv_3x3`, `dil_conv_5x5`), NHWC float32, a
 * channel multiplier of 1 and channels in groups of 4, any stride and
 * padding: `y[n, oh, ow, c] = sum_{i, j} x[n, oh * sh + i * dh - top, ow * sw + j * dw - left, c] * w[i, j, c]`,
 * one SIMD `tapAxpyRows` call per image and tap over the block of output
 * rows and columns whose tap lies inside the image, on the single-threaded
 * build. Returns null for other cases, undilated 3x3 and the threaded build
 * among them: the caller runs `stock`, wasm's XNNPACK
 * kernel, which was as fast or faster there (2.2-2.3 ms against 2.5-4.5 ms
 * for [96,28,28,16]) and slower on the others (5x5 dilation 2 over
 * [96,28,28,16] 8.1 / 11.5 ms against 5.4 / 9.6 ms; 5x5 over [32,14,14,16]
 * 0.68 against 0.55 ms: fastest of 15, alternating, machine under load).
 */
export function wasmDepthwiseConv2dConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    // wasm's own config first: its setup binds the C function its kernel calls.
    ...stock,
    kernelFunc: (args) => wasmDepthwiseConv2d(args as KernelArgs) ?? stock.kernelFunc(args),
  };
}

function wasmDepthwiseConv2d({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo | null {
  const name = tf.DepthwiseConv2dNative;
  const b = asWasmHeap(backend);
  const { x, filter } = inputs as Record<'x' | 'filter', tf.TensorInfo>;
  const a = attrs as unknown as ConvAttrs;
  const [kh, kw, channels, multiplier] = filter.shape as Shape4D;
  const simd = simdFor(b.wasm);
  if (
    simd === null ||
    a.dataFormat === 'NCHW' ||
    multiplier !== 1 ||
    channels % 4 !== 0 ||
    x.dtype !== 'float32' ||
    filter.dtype !== 'float32'
  )
    return null;
  // Measured against XNNPACK on one thread only: on the threaded build XNNPACK may use the pool.
  if (threadedHeap(b.wasm)) return null;
  const g = convGeometry(x.shape as Shape4D, filter.shape as Shape4D, a, true);
  if (Math.max(kh, kw) < 5 && g.dilationH === 1 && g.dilationW === 1) return null;
  const out = b.makeOutput([g.batch, g.outH, g.outW, channels], 'float32');
  // Views after the allocation (it may grow the heap).
  const y = floatView(b, out, name).fill(0);
  const [xAt, wAt, yAt] = [floatView(b, x, name).byteOffset, floatView(b, filter, name).byteOffset, y.byteOffset];
  const pixel = channels * 4; // bytes
  forEachTapBlock(g, (n, tap, ohLo, ohHi, lo, hi, ih, iw) =>
    simd.tapAxpyRows(
      xAt + ((n * g.inH + ih) * g.inW + iw) * pixel,
      wAt + tap * pixel,
      yAt + ((n * g.outH + ohLo) * g.outW + lo) * pixel,
      hi - lo,
      g.strideW * pixel,
      channels / 4,
      ohHi - ohLo,
      g.strideH * g.inW * pixel,
      g.outW * pixel,
    ),
  );
  return out;
}
