export type { SearchContext, StepMetrics, Strategy } from './api.js';
export * from './darts/index.js';
export * from './run/index.js';
export * from './samplers/index.js';
export * from './gdas/index.js';
export * from './enas/index.js';
