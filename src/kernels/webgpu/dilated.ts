import * as tf from '@tensorflow/tfjs';
import { webgpuConv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { webgpuDepthwiseBackpropFilterConfig } from './depthwise-backprop-filter.js';
import { webgpuDepthwiseBackpropInputConfig } from './depthwise-backprop-input.js';

/** The toolkit's webgpu kernels, under tfjs kernel names, that take a `dilations` attribute (tfjs's own ignore it). */
const DILATED: readonly tf.KernelConfig[] = [
  webgpuDepthwiseBackpropInputConfig,
  webgpuDepthwiseBackpropFilterConfig,
  webgpuConv2dBackpropFilterConfig,
];

/**
 * Whether the active backend's `kernelName` is the toolkit's webgpu kernel
 * that takes dilations: a dilated gradient then runs it directly instead of
 * its op-composed form (src/kernels/gradients.ts).
 */
export function webgpuTakesDilations(kernelName: string): boolean {
  const backend = tf.getBackend();
  const kernel = tf.getKernel(kernelName, backend);
  return backend === 'webgpu' && DILATED.some((own) => own === kernel);
}
