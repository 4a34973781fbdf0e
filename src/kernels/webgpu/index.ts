export { webgpuKernels } from './kernels.js';
export { highRankPadConfig } from './pad-high-rank.js';
export { chunkedAddNConfig, gradientGroupSize } from './add-n-chunked.js';
export { webgpuChannelAffineConfig } from './channel-affine.js';
export { webgpuChannelMomentsConfig, webgpuChannelSumsConfig } from './channel-reduce.js';
export {
  SGD_DESCEND,
  SGD_MOMENTUM_BUFFER,
  fusedSgdAvailable,
  fusedSgdMomentumStep,
  webgpuSgdDescendConfig,
  webgpuSgdMomentumBufferConfig,
} from './sgd-momentum.js';
export { SUMS_OF_SQUARES, fusedSumOfSquares, webgpuSumsOfSquaresConfig } from './sum-squares.js';
export {
  BATCH_NORM_INPUT_GRAD,
  BATCH_NORM_NORMALIZE,
  fusedBatchNormAvailable,
  fusedInputGrad,
  fusedNormalize,
  webgpuBatchNormInputGradConfig,
  webgpuBatchNormNormalizeConfig,
} from './batch-norm.js';
export { BLEND, fusedBlend, webgpuBlendConfig } from './blend.js';
export { WEIGHTED_SUM, fusedWeightedSum, fusedWeightedSumAvailable, webgpuWeightedSumConfig } from './weighted-sum.js';
export {
  SCALE_BY_ENTRY,
  WEIGHT_DOTS,
  weightedSumGradConfig,
  webgpuScaleByEntryConfig,
  webgpuWeightDotsConfig,
} from './weighted-sum-grad.js';
export { stockKernel } from './stock.js';
export {
  PACKED_MOMENTS,
  PACKED_SUMS,
  packedMoments,
  packedSums,
  webgpuPackedMomentsConfig,
  webgpuPackedSumsConfig,
} from './packed-moments.js';
export { webgpuDepthwiseBackpropFilterConfig } from './depthwise-backprop-filter.js';
export { webgpuDepthwiseBackpropInputConfig } from './depthwise-backprop-input.js';
export { webgpuTakesDilations } from './dilated.js';
export { webgpuAvgPoolGradConfig, webgpuMaxPoolGradConfig } from './pool-grad.js';
export { webgpuConv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
export { splitVConfig } from './split-v.js';
export { webgpuReluGradConfig } from './relu-grad.js';
export {
  BATCH_NORM_NORMALIZE_RUNNING,
  type RunningBlend,
  fusedNormalizeRunning,
  webgpuBatchNormNormalizeRunningConfig,
} from './normalize-running.js';
export { f32Literal } from './wgsl-literal.js';
export {
  SGD_GROUP_MAX_SIZE,
  SGD_MOMENTUM_GROUP,
  type SgdItem,
  fusedSgdGroups,
  sgdGroupSize,
  webgpuSgdMomentumGroupConfig,
} from './sgd-group.js';
export { multiOutputDispatches, runMultiOutput } from './multi-output.js';
export { SCALE_BY_ENTRIES, scaleByEntries, webgpuScaleByEntriesConfig } from './scale-by-entries.js';
export { BATCH_NORM_WHOLE, WHOLE_MAX_ROWS, batchNormWhole, webgpuBatchNormWholeConfig } from './batch-norm-whole.js';
export { BATCH_NORM_WHOLE_GRAD, batchNormWholeGrad, webgpuBatchNormWholeGradConfig } from './batch-norm-whole-grad.js';
