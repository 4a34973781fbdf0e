export { SAMPLER_DEFAULTS, type SamplerOptions } from './options.js';
export { scoreOnBatches } from './score.js';
export { SinglePathStrategy } from './single-path.js';
export { Spos } from './spos.js';
export { PathDropout, dropPathMask, nodePaths } from './path-dropout.js';
