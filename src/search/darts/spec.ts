import { defineStrategy } from '../strategy-spec.js';
import { Darts } from './darts.js';
import { dartsOptionsSchema } from './options.js';

/** DARTS as a registered strategy; partial channels > 1 turns on PC-DARTS's edge normalisation. */
export const DARTS_STRATEGY = defineStrategy({
  name: 'darts',
  summary: 'DARTS (Liu et al. 2019): relaxed supernet, alternating architecture and weight steps; PC-DARTS with --partial-channels',
  options: dartsOptionsSchema,
  partialChannels: true,
  create: (options, config) => new Darts({ ...config.weights, ...options, edgeNormalization: config.partialChannels > 1 }),
});
