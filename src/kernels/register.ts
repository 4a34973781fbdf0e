import * as tf from '@tensorflow/tfjs';
import { avgPoolGradConfig, conv2dGradConfig, depthwiseConv2dGradConfig, maxPoolGradConfig, stridedSliceGradConfig } from './gradients.js';
import { trainingKernels } from './wasm-kernels.js';
import { channelAffineGradConfig } from './channel-affine.js';
import { reluGradConfig } from './relu-grad.js';
import { webgpuKernels, weightedSumGradConfig } from './webgpu/index.js';
import { cpuDepthwiseConfig } from './depthwise-cpu.js';

/** Gradients the toolkit replaces or adds, on every backend. */
const GRADIENTS: readonly tf.GradConfig[] = [
  conv2dGradConfig,
  depthwiseConv2dGradConfig,
  stridedSliceGradConfig,
  avgPoolGradConfig,
  maxPoolGradConfig,
  channelAffineGradConfig,
  reluGradConfig,
  // The gradient of a webgpu-only kernel (src/kernels/webgpu/weighted-sum.ts): never reached on other backends.
  weightedSumGradConfig,
];

/** Backends that get the toolkit's training kernels. */
const KERNEL_BACKENDS = ['wasm'] as const;

let gradientsRegistered = false;
const kernelsRegistered = new Set<string>();

/**
 * Make every op the supernets use trainable on the loaded backends: dilated
 * `conv2d`/`depthwiseConv2d`, `stridedSlice` and a correct 'same' `avgPool`
 * gradient everywhere, and the
 * wasm backend's missing training kernels (conv and depthwise backprop,
 * `UnsortedSegmentSum` for `gather`), faster ones where wasm's are slow
 * (conv, depthwise and pooling gradients, `SplitV`, `Concat`,
 * `DepthToSpace`) and the per-channel reductions and maps of a training
 * BatchNorm. Call after the backend's package is
 * imported (it registers its own kernels on import); calling again is a no-op.
 */
export function registerTrainingKernels(): void {
  if (!gradientsRegistered) {
    for (const config of GRADIENTS) tf.registerGradient(config);
    gradientsRegistered = true;
  }
  for (const backend of KERNEL_BACKENDS) {
    if (kernelsRegistered.has(backend) || tf.findBackendFactory(backend) === null) continue;
    for (const config of trainingKernels(backend)) {
      if (tf.getKernel(config.kernelName, backend) !== undefined) tf.unregisterKernel(config.kernelName, backend);
      tf.registerKernel(config);
    }
    kernelsRegistered.add(backend);
  }
  // cpu: the depthwise conv at once strided and dilated, which its stock kernel refuses (src/kernels/depthwise-cpu.ts).
  const cpuDepthwise = kernelsRegistered.has('cpu') ? undefined : tf.getKernel(tf.DepthwiseConv2dNative, 'cpu');
  if (cpuDepthwise !== undefined) {
    tf.unregisterKernel(tf.DepthwiseConv2dNative, 'cpu');
    tf.registerKernel(cpuDepthwiseConfig(cpuDepthwise));
    kernelsRegistered.add('cpu');
  }
  // WebGPU: the kernels that replace tfjs-webgpu's where they fail in training (src/kernels/webgpu).
  if (!kernelsRegistered.has('webgpu') && tf.findBackendFactory('webgpu') !== null) {
    for (const config of webgpuKernels()) {
      if (tf.getKernel(config.kernelName, 'webgpu') !== undefined) tf.unregisterKernel(config.kernelName, 'webgpu');
      tf.registerKernel(config);
    }
    kernelsRegistered.add('webgpu');
  }
}
