import * as tf from '@tensorflow/tfjs';
import { chunkedAddNConfig } from './add-n-chunked.js';
import { highRankPadConfig } from './pad-high-rank.js';

/**
 * The toolkit's kernels for tfjs's WebGPU backend, each replacing one of
 * tfjs-webgpu's where that one is wrong for training (see each file).
 * Built from the kernels registered when the backend's package loaded.
 */
export function webgpuKernels(): tf.KernelConfig[] {
  const pad = tf.getKernel(tf.PadV2, 'webgpu');
  const addN = tf.getKernel(tf.AddN, 'webgpu');
  return [...(pad === undefined ? [] : [highRankPadConfig(pad)]), ...(addN === undefined ? [] : [chunkedAddNConfig(addN)])];
}
