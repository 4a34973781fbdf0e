export { webgpuKernels } from './kernels.js';
export { highRankPadConfig } from './pad-high-rank.js';
