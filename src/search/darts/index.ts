export { Darts } from './darts.js';
export { DARTS_DEFAULTS, type DartsOptions } from './options.js';
export { unrolledArchGrads, unrolledWeights, type UnrolledStep } from './unrolled.js';
