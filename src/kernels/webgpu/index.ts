export { webgpuKernels } from './kernels.js';
export { highRankPadConfig } from './pad-high-rank.js';
export { chunkedAddNConfig } from './add-n-chunked.js';
