export { Darts } from './darts.js';
export { DifferentiableStrategy, type Phase } from './differentiable.js';
export {
  DARTS_DEFAULTS,
  archOptimizerFields,
  dartsOptionsSchema,
  type ArchOptimizerOptions,
  type DartsOptions,
  type DifferentiableOptions,
} from './options.js';
export { DARTS_STRATEGY } from './spec.js';
export { unrolledArchGrads, unrolledWeights, type UnrolledStep } from './unrolled.js';
