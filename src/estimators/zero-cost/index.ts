export type { ZcBatch, ZcContext, ZcInput, ZeroCostProxy } from './api.js';
export { ZC_INPUTS, zcInput, type ZcDatasetName } from './inputs.js';
export { ZC_PROXIES, registerZcProxy, zcProxy, zcProxyNames } from './registry.js';
export { ZeroCostEstimator, type ZeroCostEstimatorOptions } from './estimator.js';
export { linearNb201, type ScaledOutput } from './linear-nb201.js';
export { ZERO_FLOW_SCORE, isSynflowWeight, synflow, synflowParts } from './synflow.js';
export { params } from './params.js';
export { multAdds } from './mult-adds.js';
