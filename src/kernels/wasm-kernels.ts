import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, Shape4D } from './api.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { depthwiseConv2dBackpropFilter } from './depthwise-backprop-filter.js';
import { depthwiseConv2dBackpropInput } from './depthwise-backprop-input.js';
import { unsortedSegmentSum } from './unsorted-segment-sum.js';
import { wasmMaxPoolGradFromArgmaxConfig, wasmMaxPoolGradSimdConfig } from './max-pool-grad.js';
import { wasmAvgPoolGradSimdConfig } from './avg-pool-grad.js';
import { wasmDepthwiseBackpropFilter } from './depthwise-backprop-filter-wasm.js';
import { wasmDepthwiseBackpropInput } from './depthwise-backprop-input-wasm.js';
import { wasmConv2dBackpropFilter } from './conv2d-backprop-filter-wasm.js';
import { wasmSplitVConfig } from './split-v-wasm.js';
import { wasmConcatConfig } from './concat-wasm.js';
import { wasmDepthToSpaceConfig } from './depth-to-space-wasm.js';
import { wasmDepthwiseConv2dConfig } from './depthwise-conv-wasm.js';
import { wasmChannelSumsConfig } from './channel-sums.js';
import { wasmChannelMomentsConfig } from './channel-moments.js';
import { wasmChannelAffineConfig } from './channel-affine.js';
import { wasmReluGradConfig } from './relu-grad.js';
import type { KernelArgs } from './wasm-heap.js';

type Inputs = Record<string, tf.Tensor>;

function asTensor(info: tf.TensorInfo): tf.Tensor {
  return info instanceof tf.Tensor ? info : tf.engine().makeTensorFromTensorInfo(info);
}

/**
 * A kernel written with tfjs ops. The engine accepts a Tensor as a kernel's
 * output and does not tape ops run inside a kernel, so composing forward ops
 * here is both correct and free of gradient bookkeeping.
 */
function opKernel(kernelName: string, backendName: string, fn: (inputs: Inputs, attrs: tf.NamedAttrMap) => tf.Tensor): tf.KernelConfig {
  return {
    kernelName,
    backendName,
    kernelFunc: ({ inputs, attrs }) =>
      tf.tidy(() => {
        const tensors: Inputs = {};
        for (const [key, info] of Object.entries(inputs)) if (info) tensors[key] = asTensor(info);
        return fn(tensors, attrs ?? {});
      }) as unknown as tf.TensorInfo,
  };
}

/**
 * `general`, tried after a kernel on the wasm heap that returns null where it
 * does not apply (e.g. a SIMD loop that needs channels in groups of 4).
 */
function withHeapKernel(heap: ((args: KernelArgs) => tf.TensorInfo | null) | null, general: tf.KernelConfig): tf.KernelConfig {
  if (heap === null) return general;
  return { ...general, kernelFunc: (args) => heap(args) ?? general.kernelFunc(args) };
}

type ShapeAttr<K extends string> = ConvAttrs & Record<K, Shape4D>;

/**
 * `Identity` that shares the input's buffer (a reference count, as the cpu
 * backend does) instead of copying it. The engine clones every tensor it
 * saves for the backward pass with this kernel, so wasm's copying version
 * doubles the memory a training step holds.
 */
function sharingIdentity(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Identity,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs['x'] as tf.TensorInfo;
      (backend as tf.KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
}

/**
 * Whether the SIMD heap kernels (large or dilated depthwise convs, conv and
 * depthwise filter gradients, the strided depthwise input gradient, SplitV,
 * Concat, DepthToSpace, pooling and ReLU gradients, channel reductions and
 * affine maps) are registered: `NAS_HEAP_KERNELS=0` leaves them out, so a
 * benchmark can time the same step without them in a process beside it.
 */
function heapKernelsOn(backendName: string): boolean {
  return backendName === 'wasm' && process.env['NAS_HEAP_KERNELS'] !== '0';
}

/** Training kernels the wasm backend lacks (or has only in a slow or memory-hungry form). */
export function trainingKernels(backendName: string): tf.KernelConfig[] {
  const heap = heapKernelsOn(backendName);
  const stockConcat = tf.getKernel(tf.Concat, backendName);
  const stockDepthToSpace = tf.getKernel(tf.DepthToSpace, backendName);
  const stockDepthwise = tf.getKernel(tf.DepthwiseConv2dNative, backendName);
  return [
    sharingIdentity(backendName),
    withHeapKernel(
      heap ? wasmConv2dBackpropFilter : null,
      opKernel(tf.Conv2DBackpropFilter, backendName, ({ x, dy }, attrs) => {
        const a = attrs as unknown as ShapeAttr<'filterShape'>;
        return conv2dBackpropFilter(x as tf.Tensor4D, dy as tf.Tensor4D, a.filterShape, a);
      }),
    ),
    opKernel(tf.Conv2DBackpropInput, backendName, ({ dy, filter }, attrs) => {
      const a = attrs as unknown as ShapeAttr<'inputShape'>;
      return conv2dBackpropInput(a.inputShape, dy as tf.Tensor4D, filter as tf.Tensor4D, a);
    }),
    withHeapKernel(
      heap ? wasmDepthwiseBackpropFilter : null,
      opKernel(tf.DepthwiseConv2dNativeBackpropFilter, backendName, ({ x, dy }, attrs) => {
        const a = attrs as unknown as ShapeAttr<'filterShape'>;
        return depthwiseConv2dBackpropFilter(x as tf.Tensor4D, dy as tf.Tensor4D, a.filterShape, a);
      }),
    ),
    withHeapKernel(
      heap ? wasmDepthwiseBackpropInput : null,
      opKernel(tf.DepthwiseConv2dNativeBackpropInput, backendName, ({ dy, filter }, attrs) => {
        const a = attrs as unknown as ShapeAttr<'inputShape'>;
        return depthwiseConv2dBackpropInput(a.inputShape, dy as tf.Tensor4D, filter as tf.Tensor4D, a);
      }),
    ),
    opKernel(tf.UnsortedSegmentSum, backendName, ({ x, segmentIds }, attrs) => {
      const { numSegments } = attrs as unknown as { numSegments: number };
      return unsortedSegmentSum(x as tf.Tensor, segmentIds as tf.Tensor, numSegments);
    }),
    // Loops over the wasm heap: wasm only.
    ...(backendName === 'wasm' ? [wasmMaxPoolGradFromArgmaxConfig] : []),
    ...(heap
      ? [
          wasmSplitVConfig,
          wasmChannelSumsConfig,
          wasmChannelMomentsConfig,
          wasmChannelAffineConfig,
          wasmMaxPoolGradSimdConfig,
          wasmAvgPoolGradSimdConfig,
          wasmReluGradConfig,
        ]
      : []),
    // Concat, DepthToSpace and the depthwise conv fall back to wasm's own kernels, registered at this point.
    ...(heap && stockConcat !== undefined ? [wasmConcatConfig(stockConcat)] : []),
    ...(heap && stockDepthToSpace !== undefined ? [wasmDepthToSpaceConfig(stockDepthToSpace)] : []),
    ...(heap && stockDepthwise !== undefined ? [wasmDepthwiseConv2dConfig(stockDepthwise)] : []),
  ];
}
