import type { Command } from 'commander';
import { BohbSampler, Hyperband, type HyperbandDimension } from '../black-box/index.js';
import type { Estimator } from '../estimators/api.js';
import { budgetDimensionByFlag } from '../estimators/budget.js';
import { NasError } from '../errors.js';
import { type BlackBoxFlags, register, WITHIN_TABLE_HELP, within } from './black-box.js';
import { intArg } from './options.js';

/** `--budget-dim`: epochs, or a dimension besides (`images`, `image-size`, `channels`); an unknown one is one line listing the known. */
function dimensionFlag(flag: string): HyperbandDimension {
  return flag === 'epochs' ? 'epochs' : budgetDimensionByFlag(flag);
}

/** The Hyperband flags as the strategy's options (unset ones take the defaults), and `--within-table`'s pool. */
function hyperbandOptions(f: BlackBoxFlags, estimator: Estimator) {
  if (f.earlyStop !== undefined)
    throw new NasError(
      '--early-stop and budgets (hyperband, bohb) do not combine: successive halving already decides which trainings go on',
    );
  return {
    ...within(f, estimator),
    ...(f['budgetDim'] !== undefined ? { dimension: dimensionFlag(f['budgetDim'] as string) } : {}),
    ...(f['eta'] !== undefined ? { eta: f['eta'] as number } : {}),
    ...(f['minBudget'] !== undefined ? { minBudget: f['minBudget'] as number } : {}),
    ...(f['maxBudget'] !== undefined ? { maxBudget: f['maxBudget'] as number } : {}),
  };
}

/** The strategy once its brackets on `estimator` are checked: bad budgets are one line before the run directory is made. */
function checked(strategy: Hyperband, estimator: Estimator): Hyperband {
  strategy.brackets(estimator);
  return strategy;
}

/** `nas hyperband` and `nas bohb`: the same brackets, a uniform or a density-ratio sampler. */
export function registerHyperband(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  const budgets = (command: Command) =>
    command
      .option('--eta <n>', 'halving rate: each round keeps the best 1/eta for eta times the budget (default 3)', intArg)
      .option(
        '--budget-dim <dim>',
        "what a budget counts: epochs (default), or images, image-size, channels: the recipe's epochs on fewer training images, smaller images or a narrower network (retrain; needs --min-budget)",
      )
      .option('--min-budget <n>', 'budget of the first round of the most aggressive bracket (default 1 epoch)', intArg)
      .option('--max-budget <n>', "budget of every bracket's last round (default: the estimator's recipe)", intArg)
      .option('--within-table <file>', WITHIN_TABLE_HELP);
  budgets(
    register(
      program,
      'hyperband',
      'Hyperband (Li et al. 2017): successive halving over epochs within brackets; --budget counts estimates at any budget',
      (f, estimator) => checked(new Hyperband(hyperbandOptions(f, estimator)), estimator),
      out,
      err,
    ),
  );
  budgets(
    register(
      program,
      'bohb',
      "BOHB (Falkner et al. 2018): Hyperband's brackets with a density-ratio (TPE) model proposing each bracket's architectures",
      (f, estimator) => checked(new Hyperband(hyperbandOptions(f, estimator), new BohbSampler(), 'bohb'), estimator),
      out,
      err,
    ),
  );
}
