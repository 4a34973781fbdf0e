import { resolve } from 'node:path';
import type { Command } from 'commander';
import { initBackend } from '../backend/index.js';
import { NasError } from '../errors.js';
import { STRATEGY_NAMES, resolveSearchConfig, runSearch, type SearchConfig } from '../search/index.js';
import { listenForStop } from './stop-signals.js';
import { tensorboardFor } from './tensorboard.js';
import { runTimestamp } from './run-name.js';
import { checkCheckpointMinutes } from '../checkpoint/index.js';
import { engineOptions, flagName, intArg, numberArg, runWatchOptions } from './options.js';
import { searchReporter } from './progress.js';

/** Strategies `nas search` knows. */
const STRATEGIES = STRATEGY_NAMES;

interface SearchFlags {
  space?: string;
  dataset?: string;
  dataDir?: string;
  trainLimit?: number;
  trainPortion?: number;
  epochs?: number;
  batchSize?: number;
  channels?: number;
  layers?: number;
  order?: number;
  seed?: string;
  out?: string;
  resume?: string;
  checkpointMinutes?: number;
  backend: string;
  threads?: number;
  tensorboard?: boolean;
  snapshots?: boolean;
  weightLr?: number;
  archLr?: number;
  weightDecay?: number;
  archWeightDecay?: number;
  momentum?: number;
  gradClip?: number;
  checkpointCells?: boolean;
  candidates?: number;
  dropRate?: number;
  partialChannels?: number;
}

/** Flags that define a run; `--resume` takes them from the run's own config instead. */
const RUN_FLAGS = [
  'space',
  'dataset',
  'dataDir',
  'trainLimit',
  'trainPortion',
  'epochs',
  'batchSize',
  'channels',
  'layers',
  'order',
  'seed',
  'out',
  'weightLr',
  'archLr',
  'weightDecay',
  'archWeightDecay',
  'momentum',
  'gradClip',
  'checkpointCells',
  'candidates',
  'dropRate',
  'partialChannels',
] as const;

function configFrom(strategy: string, flags: SearchFlags): SearchConfig {
  const darts = Object.fromEntries(
    (
      [
        ['weightLr', flags.weightLr],
        ['archLr', flags.archLr],
        ['weightDecay', flags.weightDecay],
        ['archWeightDecay', flags.archWeightDecay],
        ['momentum', flags.momentum],
        ['gradClip', flags.gradClip],
      ] as const
    ).filter(([, v]) => v !== undefined),
  );
  for (const [name, v] of Object.entries(darts)) {
    if (!(Number(v) >= 0)) throw new NasError(`--${flagName(name)} must be >= 0, got ${v}`);
  }
  return resolveSearchConfig({ ...flags, strategy, darts });
}

export function registerSearch(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  const searchCommand = program
    .command('search')
    .description('search an architecture with a one-shot strategy on a supernet; writes a run directory')
    .argument('[strategy]', `one of: ${STRATEGIES.join(', ')}`, 'darts')
    .option('--space <name>', 'darts | nb201 | chain | hierarchical (default darts)')
    .option('--dataset <name>', 'fashion-mnist | mnist | cifar10 (default fashion-mnist)')
    .option('--data-dir <dir>', "data directory, or 'embedded' for the shipped Fashion-MNIST subset")
    .option('--train-limit <n>', 'use only n training images (class-balanced)', intArg)
    .option('--train-portion <p>', 'share of the training images for the weights (default 0.5)', numberArg)
    .option('--epochs <n>', 'epochs (default 50)', intArg)
    .option('--batch-size <n>', "batch size (default 32; 64, the paper's, takes ~2.9 GB at C=8 on 28x28)", intArg)
    .option('--channels <n>', 'initial channels C (default 8 for darts)', intArg)
    .option('--layers <n>', 'cells (darts) or cells per stage (nb201)', intArg)
    .option('--order <n>', '1: first-order DARTS, 2: second-order', intArg)
    .option('--seed <s>', 'seed of weights, alphas and data order (default 0)')
    .option('--weight-lr <x>', 'initial weight learning rate (default 0.025)', numberArg)
    .option('--arch-lr <x>', 'architecture learning rate (default 3e-4)', numberArg)
    .option('--weight-decay <x>', 'weight decay (default 3e-4)', numberArg)
    .option('--arch-weight-decay <x>', 'architecture weight decay (default 1e-3)', numberArg)
    .option('--momentum <x>', 'weight momentum (default 0.9)', numberArg)
    .option('--grad-clip <x>', 'max weight gradient norm (default 5)', numberArg)
    .option('--candidates <n>', 'enas/spos/pathdrop: architectures scored each epoch to derive one (default 16)', intArg)
    .option('--drop-rate <r>', 'pathdrop: final drop rate r, rising linearly from 0 (default 0.25)', numberArg)
    .option(
      '--partial-channels <k>',
      'darts: PC-DARTS partial channels, 1/k of each edge through its ops, edge normalisation (default 1: off)',
      intArg,
    )
    .option('--checkpoint-cells', 'recompute each cell in the backward pass: ~half the memory, ~1.4x the time')
    .option('--out <dir>', 'run directory to create (default runs/<strategy>-<space>-<time>)')
    .option('--resume <dir>', 'continue the run in <dir> from its checkpoint, with its own config');
  runWatchOptions(engineOptions(searchCommand))
    .option('--snapshots', 'keep the supernet of every epoch in <run>/snapshots/epoch-<n>.nas')
    .action(async (strategy: string, flags: SearchFlags, command: Command) => {
      if (!(STRATEGIES as readonly string[]).includes(strategy)) {
        throw new NasError(`unknown strategy '${strategy}' (known: ${STRATEGIES.join(', ')})`);
      }
      if (flags.resume !== undefined) {
        const clash = RUN_FLAGS.find((f) => command.getOptionValueSource(f) === 'cli');
        if (clash) throw new NasError(`--resume continues the run with its own config; drop --${flagName(clash)}`);
      }
      const config = flags.resume === undefined ? configFrom(strategy, flags) : null;
      if (flags.checkpointMinutes !== undefined) checkCheckpointMinutes(flags.checkpointMinutes);
      const dir = resolve(flags.resume ?? flags.out ?? `runs/${strategy}-${config?.space ?? 'darts'}-${runTimestamp()}`);
      const engine = await initBackend(flags.backend, { threads: flags.threads });
      err(`${flags.resume ? 'resuming' : 'searching'} in ${dir} on ${engine.name}`);

      const stop = listenForStop(err);
      const reporter = searchReporter(process.stderr, err);
      const board = tensorboardFor(flags.tensorboard, dir, config?.space);
      try {
        const result = await runSearch(config, {
          out: dir,
          resume: flags.resume !== undefined,
          onStep: (p) => {
            reporter.step(p);
            board?.step(p.epoch * p.stepsPerEpoch + p.step, {
              train_loss: p.metrics.trainLoss,
              train_acc: p.metrics.trainAcc,
              val_loss: p.metrics.valLoss,
              val_acc: p.metrics.valAcc,
            });
          },
          onEpoch: (r) => {
            reporter.epoch(r);
            board?.epoch(r);
          },
          shouldStop: stop.stopRequested,
          ...(flags.checkpointMinutes !== undefined ? { checkpointMinutes: flags.checkpointMinutes } : {}),
          snapshots: flags.snapshots ?? false,
        });
        reporter.stop();
        if (result.stopped) {
          err(`stopped after ${result.epochs} epoch(s); continue with: nas search ${strategy} --resume ${dir}`);
          process.exitCode = 130;
          return;
        }
        out(`genotype ${result.canonical}`);
        out(`written to ${dir}`);
      } finally {
        reporter.stop();
        stop.release();
        board?.close();
      }
    });
}
