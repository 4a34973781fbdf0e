export { EstimateStopped, type Budget, type Estimate, type Estimator } from './api.js';
export { budgetEpochs } from './budget.js';
export { EarlyStoppingEstimator } from './early-stopping.js';
export { ExtrapolateEstimator } from './extrapolate.js';
export { TableEstimator, type TableEstimatorOptions } from './table.js';
export { SUPERNET_ESTIMATOR_DEFAULTS, SupernetEstimator, type SupernetEstimatorOptions, type SupernetMeasure } from './supernet.js';
export { RetrainEstimator, type RetrainEstimatorRequest } from './retrain.js';
export { ZeroCostEstimator, type ZeroCostEstimatorOptions, zcProxyNames } from './zero-cost/index.js';
export { RankAverageEstimator, percentile } from './rank-average.js';
