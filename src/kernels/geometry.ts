import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Pair, Shape4D } from './api.js';

/** The resolved geometry of one 2-D convolution (NHWC), paddings made explicit. */
export interface ConvGeometry {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly outH: number;
  readonly outW: number;
  readonly kh: number;
  readonly kw: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

export function pair(value: Pair | undefined, fallback = 1): [number, number] {
  if (value === undefined) return [fallback, fallback];
  return typeof value === 'number' ? [value, value] : value;
}

export function isOnes(value: Pair | undefined): boolean {
  const [a, b] = pair(value);
  return a === 1 && b === 1;
}

/** Resolve a convolution's geometry with tfjs's own rules (`computeConv2DInfo`). */
export function convGeometry(xShape: Shape4D, filterShape: Shape4D, attrs: ConvAttrs, depthwise: boolean): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    pair(attrs.strides),
    pair(attrs.dilations),
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    outH: info.outHeight,
    outW: info.outWidth,
    kh: info.filterHeight,
    kw: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    dilationH: info.dilationHeight,
    dilationW: info.dilationWidth,
    top: info.padInfo.top,
    bottom: info.padInfo.bottom,
    left: info.padInfo.left,
    right: info.padInfo.right,
  };
}

/** The geometry of a 2-D pooling (`computePool2DInfo`), as a convolution's: its window, strides and padding, undilated. */
export function poolGeometry(info: tf.backend_util.Conv2DInfo): ConvGeometry {
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    outH: info.outHeight,
    outW: info.outWidth,
    kh: info.effectiveFilterHeight,
    kw: info.effectiveFilterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    dilationH: 1,
    dilationW: 1,
    top: info.padInfo.top,
    bottom: info.padInfo.bottom,
    left: info.padInfo.left,
    right: info.padInfo.right,
  };
}

/** First and one-past-last output index whose input `o * stride + offset` lies in `[0, size)`. */
export function validRange(outSize: number, stride: number, offset: number, size: number): [number, number] {
  const lo = Math.max(0, Math.ceil(-offset / stride));
  return [lo, Math.max(lo, Math.min(outSize, Math.floor((size - 1 - offset) / stride) + 1))];
}

/**
 * Visit, for output rows `[from, to)` (row `r` is image `floor(r / outH)`,
 * output row `r % outH`) and each tap `(i, j)` of the window in row-major
 * order, the run of output columns `[lo, hi)` whose tap lies inside the
 * image: `inRow` is the input row `n * inH + ih` and `iw` the input column of
 * output column `lo`. Taps wholly in the padding are skipped.
 */
export function forEachTapRun(
  g: ConvGeometry,
  from: number,
  to: number,
  visit: (row: number, inRow: number, tap: number, lo: number, hi: number, iw: number) => void,
): void {
  const cols = Array.from({ length: g.kw }, (_, j) => validRange(g.outW, g.strideW, j * g.dilationW - g.left, g.inW));
  for (let r = from; r < to; r++) {
    const [n, oh] = [Math.floor(r / g.outH), r % g.outH];
    for (let i = 0; i < g.kh; i++) {
      const ih = oh * g.strideH + i * g.dilationH - g.top;
      if (ih < 0 || ih >= g.inH) continue;
      for (let j = 0; j < g.kw; j++) {
        const [lo, hi] = cols[j]!;
        if (hi > lo) visit(r, n * g.inH + ih, i * g.kw + j, lo, hi, lo * g.strideW + j * g.dilationW - g.left);
      }
    }
  }
}

/**
 * Visit, for each image `n` and tap `(i, j)` in row-major order, the block of
 * output rows `[ohLo, ohHi)` and columns `[lo, hi)` whose tap lies inside the
 * image; `ih`, `iw` are the input row and column of output `(ohLo, lo)`.
 * Blocks wholly in the padding are skipped.
 */
export function forEachTapBlock(
  g: ConvGeometry,
  visit: (n: number, tap: number, ohLo: number, ohHi: number, lo: number, hi: number, ih: number, iw: number) => void,
): void {
  const rows = Array.from({ length: g.kh }, (_, i) => validRange(g.outH, g.strideH, i * g.dilationH - g.top, g.inH));
  const cols = Array.from({ length: g.kw }, (_, j) => validRange(g.outW, g.strideW, j * g.dilationW - g.left, g.inW));
  for (let n = 0; n < g.batch; n++) {
    for (let i = 0; i < g.kh; i++) {
      const [ohLo, ohHi] = rows[i]!;
      if (ohHi <= ohLo) continue;
      for (let j = 0; j < g.kw; j++) {
        const [lo, hi] = cols[j]!;
        if (hi > lo)
          visit(n, i * g.kw + j, ohLo, ohHi, lo, hi, ohLo * g.strideH + i * g.dilationH - g.top, lo * g.strideW + j * g.dilationW - g.left);
      }
    }
  }
}

/** True when the convolution is a plain per-pixel matrix product (1x1, stride 1, no padding). */
export function isPointwise(g: ConvGeometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.strideH === 1 && g.strideW === 1 && g.top === 0 && g.bottom === 0 && g.left === 0 && g.right === 0;
}

/**
 * A square `k x k` filter with stride `k` (k > 1), undilated, padded only after
 * the input and by less than a window: the windows tile the input.
 */
export function isPatchwise(g: ConvGeometry): boolean {
  return (
    g.kh > 1 &&
    g.kh === g.kw &&
    g.strideH === g.kh &&
    g.strideW === g.kw &&
    g.dilationH === 1 &&
    g.dilationW === 1 &&
    g.top === 0 &&
    g.left === 0 &&
    g.bottom < g.kh &&
    g.right < g.kw &&
    g.bottom >= 0 &&
    g.right >= 0
  );
}

/** The explicit NHWC padding of a geometry, as tfjs's conv ops take it. */
export function explicitPadding(g: ConvGeometry): tf.backend_util.ExplicitPadding {
  return [
    [0, 0],
    [g.top, g.bottom],
    [g.left, g.right],
    [0, 0],
  ];
}
