import { defineStrategy } from '../strategy-spec.js';
import { FairNas } from './fair.js';
import { pathDropoutOptionsSchema, samplerOptionsSchema } from './options.js';
import { PathDropout } from './path-dropout.js';
import { Spos } from './spos.js';

/** SPOS as a registered strategy. */
export const SPOS_STRATEGY = defineStrategy({
  name: 'spos',
  summary: 'SPOS (Guo et al. 2020): one uniformly drawn architecture trained per step',
  options: samplerOptionsSchema,
  create: (options, config) => new Spos({ ...config.weights, ...options }),
});

/** Path dropout as a registered strategy. */
export const PATH_DROPOUT_STRATEGY = defineStrategy({
  name: 'pathdrop',
  summary: 'path dropout (Bender et al. 2018): random subsets of paths, drop rate rising linearly',
  options: pathDropoutOptionsSchema,
  create: (options, config) => new PathDropout({ ...config.weights, ...options }),
});

/** FairNAS strict fairness as a registered strategy. */
export const FAIR_STRATEGY = defineStrategy({
  name: 'fair',
  summary: 'FairNAS (Chu et al. 2019): k paths per step that together run every op of every edge once',
  options: samplerOptionsSchema,
  create: (options, config) => new FairNas({ ...config.weights, ...options }),
});
