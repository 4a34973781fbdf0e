import { z } from 'zod';
import { WEIGHT_TRAINER_DEFAULTS, type WeightTrainerOptions } from '../../train/weight-trainer.js';

/** The architecture optimizer of DARTS and its variants: Adam, lr 3e-4, betas (0.5, 0.999), weight decay 1e-3 (Liu et al. 2019). */
export interface ArchOptimizerOptions {
  readonly archLr: number;
  readonly archBeta1: number;
  readonly archBeta2: number;
  readonly archWeightDecay: number;
}

/** What every differentiable strategy is configured with: the weight trainer's settings and the architecture optimizer's. */
export type DifferentiableOptions = WeightTrainerOptions & ArchOptimizerOptions;

const fraction = (help: string) =>
  z.number({ error: 'must be a number' }).min(0, { error: 'must be in [0, 1)' }).lt(1, { error: 'must be in [0, 1)' }).describe(help);

/** The architecture optimizer's settings as options of a strategy (schema fields with the paper's defaults). */
export const archOptimizerFields = {
  archLr: z
    .number({ error: 'must be a number' })
    .positive({ error: 'must be > 0' })
    .describe('architecture learning rate (default 3e-4)')
    .default(3e-4),
  archBeta1: fraction('Adam beta1 of the architecture (default 0.5)').default(0.5),
  archBeta2: fraction('Adam beta2 of the architecture (default 0.999)').default(0.999),
  archWeightDecay: z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be >= 0' })
    .describe('architecture weight decay (default 1e-3)')
    .default(1e-3),
};

/** DARTS's own options (Liu, Simonyan & Yang 2019, `train_search.py`); the weight trainer's are shared by every strategy. */
export const dartsOptionsSchema = z.strictObject({
  order: z
    .union([z.literal(1), z.literal(2)], { error: 'must be 1 or 2' })
    .describe('1: first-order DARTS, 2: second-order')
    .default(1),
  ...archOptimizerFields,
  unrolledLr: z
    .number({ error: 'must be a number' })
    .positive({ error: 'must be > 0' })
    .nullable()
    .describe("second order: the virtual step's learning rate (default: the weight learning rate, as the DARTS code)")
    .default(null),
});

/** DARTS's hyper-parameters: the weight trainer's, the architecture optimizer's and the relaxation's. */
export interface DartsOptions extends DifferentiableOptions {
  /** 1: first-order (xi = 0); 2: unrolled second-order approximation. */
  readonly order: 1 | 2;
  /**
   * Step size of the virtual weight step of the second-order approximation;
   * null uses the current weight learning rate, as the DARTS code does.
   */
  readonly unrolledLr: number | null;
  /**
   * PC-DARTS's edge normalisation (Xu et al. 2020): one more parameter per
   * supernet edge, each node's edges weighted by the softmax of theirs; used
   * with partial channels. First order only.
   */
  readonly edgeNormalization: boolean;
}

export const DARTS_DEFAULTS: DartsOptions = { ...WEIGHT_TRAINER_DEFAULTS, ...dartsOptionsSchema.parse({}), edgeNormalization: false };
