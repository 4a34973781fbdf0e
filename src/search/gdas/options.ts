import { DARTS_DEFAULTS, type DartsOptions } from '../darts/options.js';

/** GDAS's hyper-parameters: DARTS's optimizers plus the Gumbel-softmax temperature schedule (GDAS: 10 to 0.1). */
export interface GdasOptions extends Omit<DartsOptions, 'order' | 'unrolledLr' | 'edgeNormalization'> {
  readonly tauMax: number;
  readonly tauMin: number;
}

export const GDAS_DEFAULTS: GdasOptions = {
  weightLr: DARTS_DEFAULTS.weightLr,
  weightLrMin: DARTS_DEFAULTS.weightLrMin,
  momentum: DARTS_DEFAULTS.momentum,
  weightDecay: DARTS_DEFAULTS.weightDecay,
  gradClip: DARTS_DEFAULTS.gradClip,
  archLr: DARTS_DEFAULTS.archLr,
  archBeta1: DARTS_DEFAULTS.archBeta1,
  archBeta2: DARTS_DEFAULTS.archBeta2,
  archWeightDecay: DARTS_DEFAULTS.archWeightDecay,
  tauMax: 10,
  tauMin: 0.1,
};
