export type { SearchContext, StepMetrics, Strategy } from './api.js';
export { accuracy, crossEntropy } from './loss.js';
export { gradsOf, globalNorm } from './grads.js';
export * from './optim/index.js';
export * from './darts/index.js';
export * from './run/index.js';
export * from './samplers/index.js';
export * from './gdas/index.js';
export * from './enas/index.js';
