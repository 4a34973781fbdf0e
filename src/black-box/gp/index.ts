export {
  KERNELS,
  KERNEL_NAMES,
  covariance,
  kernelValue,
  squaredDistances,
  type Correlation,
  type KernelName,
  type KernelParams,
} from './kernel.js';
export { GaussianProcess, type GpHyperparameters, type GpPosterior } from './gaussian-process.js';
export { fitByMarginalLikelihood, logSpace, type HyperparameterGrid } from './select-hyperparameters.js';
export { expectedImprovement } from './expected-improvement.js';
export { erf, normalCdf, normalPdf, normalQuantile } from './normal.js';
export { normalScores } from './normal-scores.js';
