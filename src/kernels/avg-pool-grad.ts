import * as tf from '@tensorflow/tfjs';
import type { Pair, Padding } from './api.js';
import { usesChannelKernel } from './channel-sums.js';
import { forEachTapRun, pair, poolGeometry } from './geometry.js';
import { simdFor } from './simd-module.js';
import { asWasmHeap, floatView, type KernelArgs } from './wasm-heap.js';

/** Attributes of tfjs's `AvgPool` kernel. */
export interface AvgPoolAttrs {
  readonly filterSize: Pair;
  readonly strides: Pair;
  readonly pad: Padding;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** How many input pixels each window covers along one axis (padding excluded). */
function coverage(outSize: number, inSize: number, k: number, stride: number, before: number): number[] {
  return Array.from({ length: outSize }, (_, o) => {
    const start = o * stride - before;
    return Math.min(inSize, start + k) - Math.max(0, start);
  });
}

/** Stride 1, odd window, output the input's size, centred windows: the window relation is symmetric. */
function symmetricWindows(info: tf.backend_util.Conv2DInfo, fh: number, fw: number): boolean {
  return (
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    fh % 2 === 1 &&
    fw % 2 === 1 &&
    info.outHeight === info.inHeight &&
    info.outWidth === info.inWidth &&
    info.padInfo.top === (fh - 1) / 2 &&
    info.padInfo.left === (fw - 1) / 2
  );
}

/** The toolkit's kernel: average pooling's input gradient, padding excluded, SIMD (wasm). */
export const AVG_POOL_GRAD_SIMD = 'TfjsNasAvgPoolGrad';

/**
 * `AVG_POOL_GRAD_SIMD` on wasm, for float32 with channels in groups of 4
 * (`inputShape` an attribute): per output row and tap of the window, SIMD
 * `scaledTap` over the output columns whose tap lies inside the image adds
 * `dy / covered` (the pixels the window covers, padding excluded) to the
 * tap's input pixels. The composed path below (wasm's `AvgPoolGrad` on a
 * rescaled `dy`, or for stride 1 a forward pooling between two products)
 * took 5.1 ms against 0.4 ms for a stride-2 3x3 pool on [32,28,28,16] (a
 * DARTS search cell's) and 1.5-2x as long at stride 1 (fastest of 15,
 * bench/heap-kernels.ts, machine under load).
 */
export const wasmAvgPoolGradSimdConfig: tf.KernelConfig = {
  kernelName: AVG_POOL_GRAD_SIMD,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }: KernelArgs) => {
    const name = AVG_POOL_GRAD_SIMD;
    const b = asWasmHeap(backend);
    const simd = simdFor(b.wasm);
    const dy = inputs['dy'] as tf.TensorInfo;
    const a = attrs as unknown as AvgPoolAttrs & { inputShape: [number, number, number, number] };
    const [fh, fw] = pair(a.filterSize);
    const info = tf.backend_util.computePool2DInfo(a.inputShape, [fh, fw], pair(a.strides), 1, a.pad, a.dimRoundingMode);
    const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
    if (simd === null || C % 4 !== 0 || dy.shape.join() !== [batchSize, Ho, Wo, C].join()) {
      throw new Error(
        `${name}: needs SIMD, channels in groups of 4 and dy of the pooled shape, got input [${a.inputShape}], dy [${dy.shape}]`,
      );
    }
    const rows = coverage(Ho, H, fh, info.strideHeight, info.padInfo.top);
    const cols = coverage(Wo, W, fw, info.strideWidth, info.padInfo.left);
    const out = b.makeOutput([...a.inputShape], 'float32');
    const inverse = b.makeOutput([Ho * Wo], 'float32');
    try {
      // Views after the allocations (they may grow the heap).
      const dx = floatView(b, out, name).fill(0);
      const scale = floatView(b, inverse, name);
      rows.forEach((r, i) => cols.forEach((c, j) => (scale[i * Wo + j] = 1 / (r * c))));
      const [dyAt, scaleAt, dxAt] = [floatView(b, dy, name).byteOffset, scale.byteOffset, dx.byteOffset];
      const pixel = C * 4; // bytes
      const g = poolGeometry(info);
      forEachTapRun(g, 0, batchSize * Ho, (row, inRow, _tap, lo, hi, iw) =>
        simd.scaledTap(
          dyAt + (row * Wo + lo) * pixel,
          scaleAt + ((row % Ho) * Wo + lo) * 4,
          dxAt + (inRow * W + iw) * pixel,
          hi - lo,
          g.strideW * pixel,
          C / 4,
        ),
      );
    } finally {
      b.disposeData(inverse.dataId);
    }
    return out;
  },
};

/**
 * `avgPool`'s input gradient. tfjs's forward averages over the pixels a
 * window covers (padding excluded, as TensorFlow and PyTorch's
 * `count_include_pad=False`), but its `AvgPoolGrad` kernels divide by the
 * full window area, so border gradients of 'same' pooling are wrong. Scaling
 * the output gradient by `area / covered` before the stock kernel makes the
 * pair consistent on every backend. On wasm, float32 with channels in groups
 * of 4: `AVG_POOL_GRAD_SIMD`.
 */
export function avgPoolGrad(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: AvgPoolAttrs): tf.Tensor4D {
  if (usesChannelKernel(AVG_POOL_GRAD_SIMD, x, dy)) {
    return tf
      .engine()
      .runKernel(AVG_POOL_GRAD_SIMD, { dy }, { ...attrs, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }
  return tf.tidy(() => {
    const [fh, fw] = pair(attrs.filterSize);
    const info = tf.backend_util.computePool2DInfo(x.shape, [fh, fw], pair(attrs.strides), 1, attrs.pad, attrs.dimRoundingMode);
    const rows = coverage(info.outHeight, info.inHeight, fh, info.strideHeight, info.padInfo.top);
    const cols = coverage(info.outWidth, info.inWidth, fw, info.strideWidth, info.padInfo.left);
    if (symmetricWindows(info, fh, fw)) {
      // Pixel p is in output o's window exactly when o is in p's, so
      // dx[p] = sum over p's window of dy / covered = avgPool(dy / covered)[p] * covered[p]:
      // two products and the forward pooling, instead of wasm's AvgPoolGrad (~4x the forward).
      const covered = tf.tensor4d(
        rows.flatMap((r) => cols.map((c) => r * c)),
        [1, rows.length, cols.length, 1],
      );
      return tf.mul(tf.avgPool(tf.div(dy, covered) as tf.Tensor4D, [fh, fw], 1, attrs.pad, attrs.dimRoundingMode), covered) as tf.Tensor4D;
    }
    const full = rows.every((r) => r === fh) && cols.every((c) => c === fw);
    const scaled = full
      ? dy
      : tf.mul(
          dy,
          tf.tensor4d(
            rows.flatMap((r) => cols.map((c) => (fh * fw) / (r * c))),
            [1, rows.length, cols.length, 1],
          ),
        );
    return tf.engine().runKernel(tf.AvgPoolGrad, { dy: scaled, input: x }, {
      filterSize: [fh, fw],
      strides: attrs.strides,
      pad: attrs.pad,
      dimRoundingMode: attrs.dimRoundingMode,
    } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  });
}
