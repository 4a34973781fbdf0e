export type { Estimate, Estimator } from './api.js';
export { TableEstimator } from './table.js';
