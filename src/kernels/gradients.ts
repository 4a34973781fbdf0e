import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { isOnes } from './geometry.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { depthwiseConv2dBackpropFilter } from './depthwise-backprop-filter.js';
import { depthwiseConv2dBackpropInput } from './depthwise-backprop-input.js';
import { stridedSliceGrad, type StridedSliceAttrs } from './strided-slice-grad.js';
import { avgPoolGrad, type AvgPoolAttrs } from './avg-pool-grad.js';
import { maxPoolGrad, type MaxPoolAttrs } from './max-pool-grad.js';
import { webgpuTakesDilations } from './webgpu/dilated.js';

type Grads = Record<string, () => tf.Tensor>;

function attrsOf(attrs: tf.NamedAttrMap): ConvAttrs {
  return attrs as unknown as ConvAttrs;
}

/**
 * `conv2d`'s gradient with dilation support. tfjs asserts dilation 1 here;
 * dilation 1 keeps the backend's own kernels (native on tfjs-node), larger
 * dilations use the toolkit's forward-op formulation on any backend.
 */
export const conv2dGradConfig: tf.GradConfig = {
  kernelName: tf.Conv2D,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, rawAttrs): Grads => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const g = dy as tf.Tensor4D;
    const attrs = attrsOf(rawAttrs);
    if (!isOnes(attrs.dilations)) {
      return {
        x: () => conv2dBackpropInput(x.shape, g, filter, attrs),
        // On webgpu the filter gradient is the toolkit's WGSL kernel, which takes dilations (src/kernels/webgpu; NHWC).
        filter:
          webgpuTakesDilations(tf.Conv2DBackpropFilter) && attrs.dataFormat !== 'NCHW'
            ? () =>
                tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: g }, {
                  strides: attrs.strides,
                  pad: attrs.pad,
                  dilations: attrs.dilations,
                  dataFormat: attrs.dataFormat ?? 'NHWC',
                  dimRoundingMode: attrs.dimRoundingMode,
                  filterShape: filter.shape,
                } as unknown as tf.NamedAttrMap) as tf.Tensor
            : () => conv2dBackpropFilter(x, g, filter.shape, attrs),
      };
    }
    const common = {
      strides: attrs.strides,
      pad: attrs.pad,
      dataFormat: attrs.dataFormat ?? 'NHWC',
      dimRoundingMode: attrs.dimRoundingMode,
    };
    return {
      x: () =>
        tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: g, filter }, {
          ...common,
          inputShape: x.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      filter: () =>
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: g }, {
          ...common,
          filterShape: filter.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    };
  },
};

/**
 * `depthwiseConv2d`'s gradient with dilation support. tfjs asserts dilation 1
 * here (and the cpu backend's input-gradient kernel is wrong for dilations, as
 * the gradient tests show); dilation 1 keeps the backend's own kernels, larger
 * dilations use the toolkit's forward-op formulation, except for the filter
 * gradient on wasm, whose `DepthwiseConv2dNativeBackpropFilter` is the
 * toolkit's own and takes dilations (see `wasmDepthwiseBackpropFilter`).
 */
export const depthwiseConv2dGradConfig: tf.GradConfig = {
  kernelName: tf.DepthwiseConv2dNative,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dyRaw, saved, rawAttrs): Grads => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const dy = dyRaw as tf.Tensor4D;
    const attrs = attrsOf(rawAttrs);
    const common = {
      strides: attrs.strides,
      pad: attrs.pad,
      dilations: [1, 1],
      dimRoundingMode: attrs.dimRoundingMode,
    };
    const filterGrad = () =>
      tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy }, {
        ...common,
        dilations: attrs.dilations ?? [1, 1],
        filterShape: filter.shape as Shape4D,
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
    if (!isOnes(attrs.dilations)) {
      const dilatedInputGrad = () =>
        tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter }, {
          ...common,
          dilations: attrs.dilations,
          inputShape: x.shape as Shape4D,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
      return {
        // On webgpu both kernels are the toolkit's WGSL ones, which take dilations (src/kernels/webgpu).
        x: webgpuTakesDilations(tf.DepthwiseConv2dNativeBackpropInput)
          ? dilatedInputGrad
          : () => depthwiseConv2dBackpropInput(x.shape, dy, filter, attrs),
        // wasm has no such kernel of its own: registered, it is the toolkit's, which takes dilations
        // (other backends' kernels ignore them).
        filter:
          (tf.getBackend() === 'wasm' && tf.getKernel(tf.DepthwiseConv2dNativeBackpropFilter, 'wasm') !== undefined) ||
          webgpuTakesDilations(tf.DepthwiseConv2dNativeBackpropFilter)
            ? filterGrad
            : () => depthwiseConv2dBackpropFilter(x, dy, filter.shape, attrs),
      };
    }
    return {
      x: () =>
        tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter }, {
          ...common,
          inputShape: x.shape as Shape4D,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      filter: filterGrad,
    };
  },
};

/** `stridedSlice` has no gradient in tfjs; see `stridedSliceGrad`. */
export const stridedSliceGradConfig: tf.GradConfig = {
  kernelName: tf.StridedSlice,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, rawAttrs): Grads => {
    const [x] = saved as [tf.Tensor];
    return { x: () => stridedSliceGrad(x.shape, dy as tf.Tensor, rawAttrs as unknown as StridedSliceAttrs) };
  },
};

/** `avgPool`'s gradient made consistent with its padding-excluding forward; see `avgPoolGrad`. */
export const avgPoolGradConfig: tf.GradConfig = {
  kernelName: tf.AvgPool,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, rawAttrs): Grads => {
    const [x] = saved as [tf.Tensor4D];
    return { x: () => avgPoolGrad(x, dy as tf.Tensor4D, rawAttrs as unknown as AvgPoolAttrs) };
  },
};

/** `maxPool`'s gradient through each window's argmax on wasm (see `maxPoolGrad`); other backends' stock kernel. */
export const maxPoolGradConfig: tf.GradConfig = {
  kernelName: tf.MaxPool,
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, saved, rawAttrs): Grads => {
    const [x, y] = saved as [tf.Tensor4D, tf.Tensor4D];
    return { x: () => maxPoolGrad(x, y, dy as tf.Tensor4D, rawAttrs as unknown as MaxPoolAttrs) };
  },
};
