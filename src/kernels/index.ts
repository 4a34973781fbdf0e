export type { ConvAttrs, Padding, Pair, Shape4D } from './api.js';
export { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
export { conv2dBackpropInput } from './conv2d-backprop-input.js';
export { depthwiseConv2dBackpropFilter } from './depthwise-backprop-filter.js';
export { depthwiseConv2dBackpropInput } from './depthwise-backprop-input.js';
export { unsortedSegmentSum } from './unsorted-segment-sum.js';
export { stridedSliceGrad } from './strided-slice-grad.js';
export { registerTrainingKernels } from './register.js';
export * from './check/index.js';
