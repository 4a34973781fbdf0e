export type { AdamOptions, Optimizer, OptimizerState, SgdMomentumOptions } from './api.js';
export { SlotOptimizer, slotsUnder } from './slot-optimizer.js';
export { SgdMomentum } from './sgd-momentum.js';
export { Adam } from './adam.js';
export { clipByGlobalNorm, clipCoefficient, clipGradNorm, type ClippedGrads } from './clip.js';
export { cosineLr } from './schedule.js';
export { NamedOptimizers } from './named.js';
