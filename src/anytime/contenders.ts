import { type BlackBoxStrategy, BohbSampler, Hyperband, RandomSearch, RegularizedEvolution } from '../black-box/index.js';
import { NasError } from '../errors.js';
import { EarlyStoppingEstimator, type Estimator } from '../estimators/index.js';
import type { ArchitectureMoves } from '../space/index.js';
import type { AnytimeSettings } from './api.js';
import { FreshEvolution } from './fresh-evolution.js';

/** One strategy of an anytime comparison, as it is run on the table (charging seconds) within the table's architectures. */
export interface Contender {
  readonly description: string;
  strategy(settings: AnytimeSettings, within: ArchitectureMoves): BlackBoxStrategy;
  /** The estimator it asks, made from the table's; absent: the table's itself. */
  estimator?(table: Estimator, settings: AnytimeSettings): Estimator;
}

const evolution = (s: AnytimeSettings, within: ArchitectureMoves) =>
  new RegularizedEvolution({ population: s.population, sample: s.sample, within });

/**
 * The contenders of issue 27's comparison: the two multi-fidelity methods
 * against the baselines at full fidelity, and evolution with learning-curve
 * early stopping (Domhan et al. 2015) as the other way to spend less per
 * architecture.
 */
export const CONTENDERS = {
  random: {
    description: 'random search (Li & Talwalkar 2019), every architecture trained fully',
    strategy: (_s, within) => new RandomSearch({ within }),
  },
  'random-early-stop': {
    description:
      "random search whose trainings stop once their extrapolated curve is unlikely to beat the incumbent (Domhan et al. 2015): the rule alone, on random search's draws",
    strategy: (_s, within) => new RandomSearch({ within }),
    estimator: (table, s) => new EarlyStoppingEstimator(table, s.earlyStop),
  },
  evolution: { description: 'regularized evolution (Real et al. 2019), every child trained fully', strategy: evolution },
  'evolution-fresh': {
    description:
      'regularized evolution whose children are architectures the search has not asked yet (in a sparse pool a mutation often repeats one, at no cost, and evolution stalls)',
    strategy: (s, within) => new FreshEvolution({ population: s.population, sample: s.sample, within }),
  },
  'evolution-early-stop': {
    description:
      'regularized evolution whose trainings stop once their extrapolated curve is unlikely to beat the incumbent (Domhan et al. 2015)',
    strategy: evolution,
    estimator: (table, s) => new EarlyStoppingEstimator(table, s.earlyStop),
  },
  hyperband: {
    description: 'Hyperband (Li et al. 2017): successive halving over epochs, trainings continued when promoted',
    strategy: (s, within) => new Hyperband({ eta: s.eta, within }),
  },
  bohb: {
    description: "BOHB (Falkner et al. 2018): Hyperband's brackets with a density-ratio model proposing architectures",
    strategy: (s, within) => new Hyperband({ eta: s.eta, within }, new BohbSampler(), 'bohb'),
  },
} satisfies Record<string, Contender>;

export type ContenderName = keyof typeof CONTENDERS;

export const contenderNames = (): ContenderName[] => Object.keys(CONTENDERS) as ContenderName[];

export function contenderByName(name: string): Contender {
  if (!Object.hasOwn(CONTENDERS, name)) throw new NasError(`unknown contender '${name}' (known: ${contenderNames().join(', ')})`);
  return CONTENDERS[name as ContenderName];
}
