import { resolve } from 'node:path';
import type { Command } from 'commander';
import { initBackend } from '../backend/index.js';
import { NasError } from '../errors.js';
import { flagOf, loadConfigFile, settingHelp, settingKeys } from '../config/index.js';
import { resolveSearchConfig, runSearch, strategyByName, strategyNames, strategySpecs } from '../search/index.js';
import { weightTrainerSchema } from '../train/weight-trainer.js';
import { listenForStop } from './stop-signals.js';
import { tensorboardFor } from './tensorboard.js';
import { runTimestamp } from './run-name.js';
import { checkCheckpointMinutes } from '../checkpoint/index.js';
import { engineOptions, flagName, intArg, numberArg, runWatchOptions } from './options.js';
import { searchReporter } from './progress.js';

interface SearchFlags {
  config?: string;
  out?: string;
  resume?: string;
  checkpointMinutes?: number;
  backend: string;
  threads?: number;
  tensorboard?: boolean;
  snapshots?: boolean;
}

/** Options that say how a run is watched or computed, not what it is: they may change on `--resume`. */
const WATCH_FLAGS = ['out', 'resume', 'config', 'backend', 'threads', 'tensorboard', 'checkpointMinutes', 'snapshots'];

/** A strategy option's value from the command line: a number, true/false, null, or else the text (its schema checks it). */
function settingValue(value: string): unknown {
  if (value === 'null') return null;
  if (value === 'true' || value === 'false') return value === 'true';
  return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** One flag per weight-trainer setting and per option of any registered strategy (an option two strategies share is one flag). */
function settingFlags(command: Command): Command {
  for (const key of settingKeys(weightTrainerSchema))
    command.option(`${flagOf(key)} <x>`, settingHelp(weightTrainerSchema, key), numberArg);
  const owners = new Map<string, { help: string; names: string[] }>();
  for (const spec of strategySpecs()) {
    for (const key of settingKeys(spec.options)) {
      const entry = owners.get(key) ?? { help: settingHelp(spec.options, key).replace(/^[a-z]+: /, ''), names: [] };
      entry.names.push(spec.name);
      owners.set(key, entry);
    }
  }
  for (const [key, { help, names }] of owners) command.option(`${flagOf(key)} <x>`, `${names.join('/')}: ${help}`, settingValue);
  return command;
}

export function registerSearch(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  const searchCommand = program
    .command('search')
    .description(
      `search an architecture with a one-shot strategy on a supernet; writes a run directory\n${strategySpecs()
        .map((spec) => `  ${spec.name}: ${spec.summary}`)
        .join('\n')}`,
    )
    .argument('[strategy]', `one of: ${strategyNames().join(', ')} (default darts)`)
    .option('--config <file>', "settings from a YAML or JSON file (a run's config.json re-runs it); flags override it")
    .option('--space <name>', 'darts | nb201 | chain | hierarchical (default darts)')
    .option('--dataset <name>', 'fashion-mnist | mnist | cifar10 (default fashion-mnist)')
    .option('--data-dir <dir>', "data directory, or 'embedded' for the shipped Fashion-MNIST subset")
    .option('--train-limit <n>', 'use only n training images (class-balanced)', intArg)
    .option('--train-portion <p>', 'share of the training images for the weights (default 0.5)', numberArg)
    .option('--epochs <n>', 'epochs (default 50)', intArg)
    .option('--batch-size <n>', "batch size (default 32; 64, the paper's, takes ~2.9 GB at C=8 on 28x28)", intArg)
    .option('--channels <n>', 'initial channels C (default 8 for darts)', intArg)
    .option('--layers <n>', 'cells (darts) or cells per stage (nb201)', intArg)
    .option('--seed <s>', 'seed of weights, alphas and data order (default 0)')
    .option(
      '--partial-channels <k>',
      'darts: PC-DARTS partial channels, 1/k of each edge through its ops, edge normalisation (default 1: off)',
      intArg,
    )
    .option('--checkpoint-cells', 'recompute each cell in the backward pass: ~half the memory, ~1.4x the time')
    .option('--affine-ops', "the candidate ops' BatchNorm learns scale and shift (default off: affine-off, Ning et al. 2021)")
    .option(
      '--data-from-table <file>',
      "search on a table's split (nas table build): weights on its training images, the architecture on its val images, at its image size; its space, data and (nb201) network size",
      (file: string) => resolve(file),
    );
  settingFlags(searchCommand)
    .option('--out <dir>', 'run directory to create (default runs/<strategy>-<space>-<time>)')
    .option('--resume <dir>', 'continue the run in <dir> from its checkpoint, with its own config');
  runWatchOptions(engineOptions(searchCommand))
    .option('--snapshots', 'keep the supernet of every epoch in <run>/snapshots/epoch-<n>.nas')
    .action(async (strategy: string | undefined, flags: SearchFlags, command: Command) => {
      // What the command line sets about the run itself (not how it is watched or computed).
      const given = command.options
        .map((o) => o.attributeName())
        .filter((a) => !WATCH_FLAGS.includes(a) && command.getOptionValueSource(a) === 'cli');
      if (flags.resume !== undefined) {
        const clash = flags.config !== undefined ? 'config' : given[0];
        if (clash) throw new NasError(`--resume continues the run with its own config; drop --${flagName(clash)}`);
        if (strategy !== undefined) strategyByName(strategy);
      }
      const request = {
        ...(flags.config === undefined ? {} : loadConfigFile(flags.config)),
        ...(strategy === undefined ? {} : { strategy }),
        ...Object.fromEntries(given.map((key) => [key, (flags as unknown as Record<string, unknown>)[key]])),
      };
      const config = flags.resume === undefined ? resolveSearchConfig(request, flags.config) : null;
      if (flags.checkpointMinutes !== undefined) checkCheckpointMinutes(flags.checkpointMinutes);
      const dir = resolve(flags.resume ?? flags.out ?? `runs/${config?.strategy}-${config?.space}-${runTimestamp()}`);
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
          err(`stopped after ${result.epochs} epoch(s); continue with: nas search ${result.strategy} --resume ${dir}`);
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
