import { defineStrategy } from '../strategy-spec.js';
import { Enas, enasOptionsSchema } from './enas.js';

/** ENAS as a registered strategy. */
export const ENAS_STRATEGY = defineStrategy({
  name: 'enas',
  summary: 'ENAS (Pham et al. 2018): an LSTM controller samples each step, REINFORCE on val accuracy',
  options: enasOptionsSchema,
  create: (options, config) => new Enas({ ...config.weights, ...options }),
});
