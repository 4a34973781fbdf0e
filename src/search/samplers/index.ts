export { SAMPLER_DEFAULTS, deriveFields, pathDropoutOptionsSchema, samplerOptionsSchema, type SamplerOptions } from './options.js';
export { scoreOnBatches, scoreTotals } from './score.js';
export { SinglePathStrategy, samplerStateSchema } from './single-path.js';
export { Spos } from './spos.js';
export { PathDropout, dropPathMask, nodePaths } from './path-dropout.js';
export { FairNas, fairPaths } from './fair.js';
export { FAIR_STRATEGY, PATH_DROPOUT_STRATEGY, SPOS_STRATEGY } from './specs.js';
export { computationClasses, sampleComputation } from './unique-computations.js';
