import type { Command } from 'commander';
import { NasError } from '../errors.js';
import { RetrainEstimator, SupernetEstimator, type Estimator, zcProxyNames } from '../estimators/index.js';
import { DATASET_NAMES, DATASET_SHAPES, type DatasetName } from '../data/index.js';
import { retrainSkeleton } from '../retrain/index.js';
import {
  BayesianOptimisation,
  KERNEL_NAMES,
  MultiObjectiveEvolution,
  type KernelName,
  objectiveByName,
  objectiveNames,
  type NetworkCostConfig,
  LocalSearch,
  RandomSearch,
  RegularizedEvolution,
  type BlackBoxStrategy,
} from '../black-box/index.js';
import { LamarckianEvolution, Lineage } from '../morph/index.js';
import { type BlackBoxFlags, register, WITHIN_TABLE_HELP, within } from './black-box.js';
import { zeroCostEstimatorFrom } from './estimator-options.js';
import { intArg, numberArg } from './options.js';

/** BO's `--prior zc:NAME`: the proxy on the estimator's space, checked now and loaded when a run starts. */
function priorLoader(spec: string, flags: BlackBoxFlags, estimator: Estimator): () => Promise<Estimator> {
  const name = spec.startsWith('zc:') ? spec.slice(3) : null;
  if (name === null || !zcProxyNames().includes(name))
    throw new NasError(`--prior must be zc:NAME with NAME one of ${zcProxyNames().join(', ')}, got '${spec}'`);
  return () => zeroCostEstimatorFrom(spec, { ...flags, space: estimator.space.name });
}

/** Lamarckian evolution: the retrain estimator starts each morphed child from its parent's run directory. */
function lamarckian(f: BlackBoxFlags, estimator: Estimator, options: { population?: number; sample?: number }): BlackBoxStrategy {
  if (f['inherit'] !== 'morph') throw new NasError(`unknown --inherit '${String(f['inherit'])}' (known: morph)`);
  if (!(estimator instanceof RetrainEstimator))
    throw new NasError("--inherit morph needs --estimator retrain (children continue their parent's trained weights)");
  const lineage = new Lineage();
  estimator.inheritMorphs(lineage, (f['childEpochs'] as number | undefined) ?? 1);
  return new LamarckianEvolution(lineage, options);
}

/** The network the cost objectives measure: the space's stand-alone network on the estimator's images. */
function costConfig(flags: BlackBoxFlags, estimator: Estimator): NetworkCostConfig {
  const space = estimator.space;
  const dataset =
    (flags['costDataset'] as string | undefined) ??
    (estimator instanceof SupernetEstimator
      ? estimator.config.dataset
      : estimator instanceof RetrainEstimator
        ? (flags.dataset ?? 'fashion-mnist')
        : 'cifar10');
  if (!(DATASET_NAMES as readonly string[]).includes(dataset))
    throw new NasError(`unknown --cost-dataset '${dataset}' (known: ${DATASET_NAMES.join(', ')})`);
  const shape = DATASET_SHAPES[dataset as DatasetName];
  const skeleton = {
    ...retrainSkeleton(space.name, flags.retrainChannels, flags.retrainLayers),
    inputChannels: shape.image[2],
    classes: shape.classes,
  };
  return { space, skeleton, inputShape: shape.image };
}

/** The black-box commands (random, local, evolve, bo, pareto), each a strategy made from its flags on the shared `register`. */
export function registerBlackBox(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  register(program, 'random', 'random search over an estimator', (f, estimator) => new RandomSearch(within(f, estimator)), out, err).option(
    '--within-table <file>',
    WITHIN_TABLE_HELP,
  );
  register(
    program,
    'local',
    'local search (hill climbing with restarts) over an estimator',
    (f, estimator) => new LocalSearch(within(f, estimator)),
    out,
    err,
  ).option('--within-table <file>', WITHIN_TABLE_HELP);
  register(
    program,
    'evolve',
    'regularized evolution (Real et al. 2019) over an estimator; with --inherit morph, Lamarckian (Elsken et al. 2019)',
    (f, estimator) => {
      const options = {
        ...(f['population'] !== undefined ? { population: f['population'] as number } : {}),
        ...(f['sample'] !== undefined ? { sample: f['sample'] as number } : {}),
        ...within(f, estimator),
      };
      return f['inherit'] === undefined ? new RegularizedEvolution(options) : lamarckian(f, estimator, options);
    },
    out,
    err,
  )
    .option('--population <n>', 'population size (default 30)', intArg)
    .option('--sample <n>', 'tournament size (default 10)', intArg)
    .option(
      '--inherit <how>',
      'morph: a child is its parent plus a network morphism and continues its trained weights (needs --estimator retrain)',
    )
    .option('--child-epochs <n>', "with --inherit morph: epochs a child trains from its parent's weights (default 1)", intArg)
    .option('--within-table <file>', WITHIN_TABLE_HELP);
  register(
    program,
    'bo',
    'Bayesian optimisation: a Gaussian process over architectures, expected improvement over mutations of the best (BANANAS-style)',
    (f, estimator) =>
      new BayesianOptimisation({
        ...(f['initial'] !== undefined ? { initial: f['initial'] as number } : {}),
        ...(f['candidates'] !== undefined ? { candidates: f['candidates'] as number } : {}),
        ...(f['kernel'] !== undefined ? { kernel: f['kernel'] as KernelName } : {}),
        ...(f['prior'] !== undefined ? { prior: priorLoader(String(f['prior']), f, estimator) } : {}),
        ...(f['priorWeight'] !== undefined ? { priorWeight: f['priorWeight'] as number } : {}),
        ...within(f, estimator),
      }),
    out,
    err,
  )
    .option('--initial <n>', 'random architectures before the first fit (default 10)', intArg)
    .option('--candidates <n>', 'candidates scored by expected improvement per query (default 100)', intArg)
    .option('--kernel <name>', `surrogate kernel: ${KERNEL_NAMES.join(' | ')} (default matern52)`)
    .option(
      '--prior <spec>',
      `zc:NAME: a zero-cost proxy's score as one more GP input (${zcProxyNames().join(', ')}); --dataset gives its input`,
    )
    .option('--prior-weight <w>', "the prior input's scale against the one-hot encoding (default 1)", numberArg)
    .option('--within-table <file>', WITHIN_TABLE_HELP);
  register(
    program,
    'pareto',
    'multi-objective evolution (NSGA-II): the Pareto front of score vs architecture costs',
    (f, estimator) => {
      const names = String(f['objectives'])
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '');
      const config = costConfig(f, estimator);
      return new MultiObjectiveEvolution(
        names.map((n) => objectiveByName(n, config)),
        { ...(f['population'] !== undefined ? { population: f['population'] as number } : {}), ...within(f, estimator) },
      );
    },
    out,
    err,
  )
    .option('--objectives <list>', `costs to trade against the score, comma-separated: ${objectiveNames().join(', ')}`, 'params')
    .option('--population <n>', 'population size (default 20)', intArg)
    .option('--cost-dataset <name>', "images the costs are measured on (default: the estimator's; cifar10 for a table)")
    .option('--within-table <file>', WITHIN_TABLE_HELP);
}
