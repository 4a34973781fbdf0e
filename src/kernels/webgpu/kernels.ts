import * as tf from '@tensorflow/tfjs';
import { chunkedAddNConfig } from './add-n-chunked.js';
import { webgpuBatchNormInputGradConfig, webgpuBatchNormNormalizeConfig } from './batch-norm.js';
import { webgpuBlendConfig } from './blend.js';
import { webgpuChannelAffineConfig } from './channel-affine.js';
import { webgpuChannelMomentsConfig, webgpuChannelSumsConfig } from './channel-reduce.js';
import { highRankPadConfig } from './pad-high-rank.js';
import { rememberStock } from './stock.js';
import { webgpuSgdDescendConfig, webgpuSgdMomentumBufferConfig } from './sgd-momentum.js';
import { webgpuSumsOfSquaresConfig } from './sum-squares.js';
import { webgpuWeightedSumConfig } from './weighted-sum.js';
import { splitVConfig } from './split-v.js';
import { webgpuConv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { webgpuAvgPoolGradConfig, webgpuMaxPoolGradConfig } from './pool-grad.js';
import { webgpuDepthwiseBackpropFilterConfig } from './depthwise-backprop-filter.js';
import { webgpuDepthwiseBackpropInputConfig } from './depthwise-backprop-input.js';
import { webgpuPackedMomentsConfig, webgpuPackedSumsConfig } from './packed-moments.js';
import { webgpuScaleByEntryConfig, webgpuWeightDotsConfig } from './weighted-sum-grad.js';
import { webgpuReluGradConfig } from './relu-grad.js';
import { webgpuBatchNormNormalizeRunningConfig } from './normalize-running.js';
import { webgpuSgdMomentumGroupConfig } from './sgd-group.js';
import { webgpuScaleByEntriesConfig } from './scale-by-entries.js';
import { webgpuBatchNormWholeConfig } from './batch-norm-whole.js';
import { webgpuBatchNormWholeGradConfig } from './batch-norm-whole-grad.js';

/**
 * The toolkit's kernels for tfjs's WebGPU backend: replacements of
 * tfjs-webgpu's where that one is wrong for training, and the toolkit's own
 * kernels in WGSL where the op-composed form costs many dispatches (see each file).
 * Built from the kernels registered when the backend's package loaded.
 */
export function webgpuKernels(): tf.KernelConfig[] {
  const pad = tf.getKernel(tf.PadV2, 'webgpu');
  const addN = tf.getKernel(tf.AddN, 'webgpu');
  const split = tf.getKernel(tf.SplitV, 'webgpu');
  const configs = [
    ...(pad === undefined ? [] : [highRankPadConfig(pad)]),
    ...(addN === undefined ? [] : [chunkedAddNConfig(addN)]),
    ...(split === undefined ? [] : [splitVConfig(split)]),
    webgpuChannelAffineConfig,
    webgpuChannelSumsConfig,
    webgpuChannelMomentsConfig,
    webgpuSgdMomentumBufferConfig,
    webgpuSgdDescendConfig,
    webgpuSumsOfSquaresConfig,
    webgpuBatchNormNormalizeConfig,
    webgpuBatchNormInputGradConfig,
    webgpuBlendConfig,
    webgpuWeightedSumConfig,
    webgpuScaleByEntryConfig,
    webgpuWeightDotsConfig,
    webgpuPackedMomentsConfig,
    webgpuPackedSumsConfig,
    webgpuDepthwiseBackpropInputConfig,
    webgpuDepthwiseBackpropFilterConfig,
    webgpuAvgPoolGradConfig,
    webgpuMaxPoolGradConfig,
    webgpuConv2dBackpropFilterConfig,
    webgpuReluGradConfig,
    webgpuBatchNormNormalizeRunningConfig,
    webgpuSgdMomentumGroupConfig,
    webgpuScaleByEntriesConfig,
    webgpuBatchNormWholeConfig,
    webgpuBatchNormWholeGradConfig,
  ];
  for (const config of configs) rememberStock(tf.getKernel(config.kernelName, 'webgpu'));
  return configs;
}
