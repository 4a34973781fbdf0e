import { z } from 'zod';
import { WEIGHT_TRAINER_DEFAULTS } from '../../train/weight-trainer.js';
import { archOptimizerFields, type DifferentiableOptions } from '../darts/options.js';

const positive = (help: string) => z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' }).describe(help);

/** GDAS's own options: DARTS's architecture optimizer and the Gumbel-softmax temperature schedule (GDAS: 10 to 0.1). */
export const gdasOptionsSchema = z
  .strictObject({
    ...archOptimizerFields,
    tauMax: positive('gdas: Gumbel-softmax temperature of the first epoch (default 10)').default(10),
    tauMin: positive('gdas: temperature of the last epoch, reached linearly (default 0.1)').default(0.1),
  })
  .refine((o) => o.tauMin <= o.tauMax, { error: 'must be <= --tau-max', path: ['tauMin'] });

/** GDAS's hyper-parameters: DARTS's optimizers plus the Gumbel-softmax temperature schedule. */
export interface GdasOptions extends DifferentiableOptions {
  readonly tauMax: number;
  readonly tauMin: number;
}

export const GDAS_DEFAULTS: GdasOptions = { ...WEIGHT_TRAINER_DEFAULTS, ...gdasOptionsSchema.parse({}) };
