import { z } from 'zod';
import { parseSettings, settingKeys } from '../config/options.js';
import type { RetrainRequest } from './config.js';

const int = z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' });
const num = z.number({ error: 'must be a number' });
const bool = z.boolean({ error: 'must be true or false' });
const name = z.string({ error: 'must be a name' });

/**
 * What a retraining config file may set: the flags' settings under their
 * camelCase names, and the genotype (as the command line names one, or as a
 * genotype object). A retraining run's own `config.json` fits too: its
 * `skeleton` gives the size, its `augment` the augmentation. Types are
 * checked here, ranges by `resolveRetrainConfig`.
 */
export const retrainSettingsSchema = z.strictObject({
  genotype: z
    .union([z.string(), z.looseObject({ kind: z.string(), space: z.string() })], {
      error: 'must be a genotype name, file, string or object',
    })
    .optional(),
  source: z.string().optional(),
  space: name.optional(),
  dataset: name.optional(),
  dataDir: z.string().nullable().optional(),
  trainLimit: int.nullable().optional(),
  testLimit: int.nullable().optional(),
  holdout: int.nullable().optional(),
  epochs: int.optional(),
  batchSize: int.optional(),
  channels: int.optional(),
  layers: int.optional(),
  seed: z.union([z.string(), z.number()], { error: 'must be a string or a number' }).optional(),
  lr: num.optional(),
  lrMin: num.optional(),
  momentum: num.optional(),
  weightDecay: num.optional(),
  gradClip: num.optional(),
  auxiliary: bool.optional(),
  auxWeight: num.optional(),
  dropPath: num.optional(),
  labelSmoothing: num.optional(),
  cropPadding: int.optional(),
  flip: bool.optional(),
  cutout: int.optional(),
  inherit: z.string().nullable().optional(),
  skeleton: z.looseObject({ kind: z.string() }).optional(),
  augment: z.strictObject({ cropPadding: int, flip: bool, cutout: int }).optional(),
  inputSize: int.nullable().optional(),
  imageSize: int.nullable().optional(),
});

export type RetrainSettings = Omit<RetrainRequest, 'genotype' | 'source'> & {
  readonly genotype?: string | { readonly kind: string; readonly space: string };
  readonly source?: string;
};

/** A config file's settings as a flat request (a run's `skeleton` read as channels and layers, its `augment` lifted). */
export function retrainSettings(input: unknown, where: string): RetrainSettings {
  const {
    skeleton,
    augment,
    inputSize: _size,
    ...rest
  } = parseSettings(retrainSettingsSchema, input, settingKeys(retrainSettingsSchema), where);
  const size = skeleton as { channels?: number; layers?: number; cellsPerStage?: number } | undefined;
  const fromSkeleton = size && skeleton?.kind !== 'chain' ? { channels: size.channels, layers: size.layers ?? size.cellsPerStage } : {};
  const merged = { ...fromSkeleton, ...augment, ...rest };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as RetrainSettings;
}
