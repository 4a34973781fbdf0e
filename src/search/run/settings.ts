import { z } from 'zod';
import { settingKeys } from '../../config/options.js';
import { weightTrainerSchema } from '../../train/weight-trainer.js';

const positiveInt = z
  .number({ error: 'must be a positive integer' })
  .int({ error: 'must be a positive integer' })
  .positive({ error: 'must be a positive integer' });

/**
 * The settings every search has, whatever its strategy, as a flag, a key of
 * a config file or a field of a run's `config.json`. Defaults depend on each
 * other (the skeleton on the space), so `resolveSearchConfig` fills them in.
 */
export const commonSettingsSchema = z.strictObject({
  strategy: z.string({ error: 'must be a name' }).optional(),
  space: z.string({ error: 'must be a name' }).optional(),
  /** A whole skeleton (a run's config.json has one); `channels` and `layers` still resize it. */
  skeleton: z.looseObject({ kind: z.string() }, { error: 'must be a skeleton object with a kind' }).optional(),
  dataset: z.string({ error: 'must be a name' }).optional(),
  dataDir: z.string({ error: 'must be a directory' }).nullable().optional(),
  trainLimit: positiveInt.nullable().optional(),
  trainPortion: z
    .number({ error: 'must be between 0 and 1' })
    .gt(0, { error: 'must be between 0 and 1' })
    .lt(1, { error: 'must be between 0 and 1' })
    .optional(),
  epochs: positiveInt.optional(),
  batchSize: positiveInt.optional(),
  channels: positiveInt.optional(),
  layers: positiveInt.optional(),
  seed: z.union([z.string(), z.number()], { error: 'must be a string or a number' }).optional(),
  checkpointCells: z.boolean({ error: 'must be true or false' }).optional(),
  partialChannels: positiveInt.optional(),
  affineOps: z.boolean({ error: 'must be true or false' }).optional(),
  /** A table built by `nas table build`: search on its train images, score on its val images (`tableSearchSettings`). */
  dataFromTable: z.string({ error: 'must be a table file' }).optional(),
});

/** Setting keys no strategy option may take: the common ones, the weight trainer's, and the nested groups of a settled config. */
export const COMMON_SETTING_KEYS: readonly string[] = [
  ...settingKeys(commonSettingsSchema),
  ...settingKeys(weightTrainerSchema),
  'weights',
  'options',
];
