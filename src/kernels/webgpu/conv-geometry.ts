import * as tf from '@tensorflow/tfjs';

/** Attributes of tfjs's conv and depthwise backprop kernels, with the dilations the toolkit's webgpu kernels also take. */
export interface BackpropAttrs {
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dilations?: number | [number, number];
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly dataFormat?: 'NHWC' | 'NCHW';
}

/** A convolution's geometry as WGSL constants (baked into a shader: a network runs the same few geometries every step). */
export interface ConvConstants {
  readonly batch: number;
  readonly inH: number;
  readonly inW: number;
  readonly inC: number;
  readonly outH: number;
  readonly outW: number;
  readonly outC: number;
  readonly kh: number;
  readonly kw: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/**
 * The geometry of a conv (or, `depthwise`, a depthwise conv) of `xShape`
 * (NHWC) with a filter of `filterShape`, stride and dilation together
 * allowed (DARTS's stride-2 dilated depthwise convs in reduction cells).
 */
export function convConstants(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: BackpropAttrs,
  depthwise: boolean,
): ConvConstants {
  if (attrs.dataFormat === 'NCHW') throw new Error('webgpu conv backprop: only NHWC');
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kh: info.filterHeight,
    kw: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    dilationH: info.dilationHeight,
    dilationW: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** The geometry as WGSL `const` declarations (`c_inH` ...), and a key for the shader cache. */
export function wgslConstants(g: ConvConstants): { decls: string; key: string } {
  const entries = Object.entries(g);
  return {
    decls: entries.map(([name, value]) => `const c_${name} = ${value};`).join('\n      '),
    key: entries.map(([, value]) => value).join('_'),
  };
}
