import { defineStrategy } from '../strategy-spec.js';
import { Gdas } from './gdas.js';
import { gdasOptionsSchema } from './options.js';

/** GDAS as a registered strategy. */
export const GDAS_STRATEGY = defineStrategy({
  name: 'gdas',
  summary: 'GDAS (Dong & Yang 2019): one op per edge by hard Gumbel-softmax, temperature falling linearly',
  options: gdasOptionsSchema,
  create: (options, config) => new Gdas({ ...config.weights, ...options }),
});
