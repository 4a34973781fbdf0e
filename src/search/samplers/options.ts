import { z } from 'zod';
import { BATCH_NORM_MODES, type BatchNormMode } from '../../train/evaluate.js';
import { WEIGHT_TRAINER_DEFAULTS, type WeightTrainerOptions } from '../../train/weight-trainer.js';

/**
 * How a sampler derives its genotype at each epoch's end: `candidates`
 * architectures (and the best so far) scored on the run's fixed score
 * batches with the shared weights; the best is kept.
 */
export const deriveFields = {
  candidates: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a positive integer' })
    .positive({ error: 'must be a positive integer' })
    .describe('samplers: architectures scored each epoch to derive one (default 16)')
    .default(16),
  deriveBatchNorm: z
    .enum(BATCH_NORM_MODES, { error: `must be one of ${BATCH_NORM_MODES.join(', ')}` })
    .describe(
      'samplers: BatchNorm when scoring candidates: recalibrated (as nas bias scores a supernet), batch or running (default recalibrated)',
    )
    .default('recalibrated'),
  deriveBatches: z
    .number({ error: 'must be a positive integer' })
    .int({ error: 'must be a positive integer' })
    .positive({ error: 'must be a positive integer' })
    .describe('samplers: val batches each candidate is scored on, and train batches BatchNorm is re-calibrated on (default 2)')
    .default(2),
};

/** De-isomorphic sampling (Ning et al. 2021), for the samplers that draw whole architectures. */
export const uniquePathsField = {
  uniquePaths: z
    .boolean({ error: 'must be true or false' })
    .describe(
      'spos/fair/pathdrop: draw SPOS paths and derivation candidates uniformly over distinct computations, not strings (default false)',
    )
    .default(false),
};

/** SPOS's options, and the base of every single-path sampler's. */
export const samplerOptionsSchema = z.strictObject({ ...deriveFields, ...uniquePathsField });

/** Path dropout's options: the derivation's plus the drop-rate schedule. */
export const pathDropoutOptionsSchema = z.strictObject({
  ...deriveFields,
  ...uniquePathsField,
  dropRate: z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be in [0, 1)' })
    .lt(1, { error: 'must be in [0, 1)' })
    .describe('pathdrop: final drop rate r, rising linearly from 0 (default 0.25)')
    .default(0.25),
});

/** Hyper-parameters shared by the single-path samplers (SPOS, path dropout, FairNAS, ENAS): the weight trainer's and derivation's. */
export interface SamplerOptions extends WeightTrainerOptions {
  /** Random architectures scored on the shared weights at each epoch's end to derive one. */
  readonly candidates: number;
  /** How BatchNorm normalises while candidates are scored (`recalibrated`: as `nas bias` scores a supernet). */
  readonly deriveBatchNorm: BatchNormMode;
  /** Val batches a candidate is scored on (and train batches BatchNorm is re-calibrated on). */
  readonly deriveBatches: number;
  /** Draw architectures (SPOS's paths, derivation candidates) uniformly over computations (`sampleComputation`), not strings. */
  readonly uniquePaths: boolean;
  /** Path dropout: the drop rate r reached at the last step (rising linearly from 0). */
  readonly dropRate: number;
}

export const SAMPLER_DEFAULTS: SamplerOptions = { ...WEIGHT_TRAINER_DEFAULTS, ...pathDropoutOptionsSchema.parse({}) };
