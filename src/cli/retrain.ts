import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { initBackend } from '../backend/index.js';
import { NasError } from '../errors.js';
import { resolveRetrainConfig, runRetrain, type RetrainEpochRecord, type RetrainProgress } from '../retrain/index.js';
import { spaceByName } from '../../cells/index.js';
import { loadConfigFile } from '../config/index.js';
import { retrainSettings } from '../retrain/settings.js';
import { canonicalString, validateGenotype } from '../space/index.js';
import { resolveGenotypeArg } from './genotype-arg.js';
import { listenForStop } from './stop-signals.js';
import { tensorboardFor } from './tensorboard.js';
import { runTimestamp } from './run-name.js';
import { checkCheckpointMinutes } from '../checkpoint/index.js';
import { engineOptions, flagName, intArg, numberArg, runWatchOptions } from './options.js';
import { duration } from './progress.js';

interface RetrainFlags {
  config?: string;
  space?: string;
  dataset?: string;
  dataDir?: string;
  trainLimit?: number;
  testLimit?: number;
  holdout?: number;
  epochs?: number;
  batchSize?: number;
  channels?: number;
  layers?: number;
  seed?: string;
  lr?: number;
  lrMin?: number;
  momentum?: number;
  weightDecay?: number;
  gradClip?: number;
  auxiliary?: boolean;
  auxWeight?: number;
  dropPath?: number;
  labelSmoothing?: number;
  cropPadding?: number;
  flip?: boolean;
  cutout?: number;
  inherit?: string;
  out?: string;
  resume?: string;
  checkpointMinutes?: number;
  backend: string;
  threads?: number;
  tensorboard?: boolean;
}

const RUN_FLAGS = [
  'space',
  'dataset',
  'dataDir',
  'trainLimit',
  'testLimit',
  'holdout',
  'epochs',
  'batchSize',
  'channels',
  'layers',
  'seed',
  'lr',
  'lrMin',
  'momentum',
  'weightDecay',
  'gradClip',
  'auxiliary',
  'auxWeight',
  'dropPath',
  'labelSmoothing',
  'cropPadding',
  'flip',
  'cutout',
  'inherit',
  'out',
] as const;

function epochLine(r: RetrainEpochRecord): string {
  return (
    `epoch ${r.epoch + 1} done: lr ${r.lr.toExponential(2)} drop-path ${r.drop_path.toFixed(3)} ` +
    `train ${r.train_loss.toFixed(4)}/${r.train_acc.toFixed(3)} test ${r.test_loss.toFixed(4)}/${r.test_acc.toFixed(4)} (${r.seconds.toFixed(0)} s)`
  );
}

/** A live bar on a terminal, about ten plain lines per epoch otherwise. */
function retrainReporter(stream: NodeJS.WriteStream, write: (line: string) => void) {
  const bar = stream.isTTY
    ? new cliProgress.SingleBar(
        { format: 'epoch {epoch} [{bar}] {value}/{total} | loss {loss} acc {acc} | ETA {eta_h}', stream, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  return {
    step(p: RetrainProgress) {
      const payload = { epoch: `${p.epoch + 1}/${p.epochs}`, loss: p.loss.toFixed(3), acc: p.acc.toFixed(3), eta_h: duration(p.etaMs) };
      if (bar) {
        if (!started) bar.start(p.stepsPerEpoch, p.step, payload);
        started = true;
        bar.update(p.step, payload);
        return;
      }
      const every = Math.max(1, Math.round(p.stepsPerEpoch / 10));
      if (p.step % every === 0 || p.step === p.stepsPerEpoch) {
        write(
          `epoch ${p.epoch + 1}/${p.epochs} step ${p.step}/${p.stepsPerEpoch} loss ${p.loss.toFixed(4)} acc ${p.acc.toFixed(3)} eta ${duration(p.etaMs)}`,
        );
      }
    },
    epoch(r: RetrainEpochRecord) {
      bar?.stop();
      started = false;
      write(epochLine(r));
    },
    stop: () => bar?.stop(),
  };
}

export function registerRetrain(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  const retrainCommand = program
    .command('retrain')
    .description('train a genotype from scratch (DARTS evaluation recipe) and report its test accuracy; writes a run directory')
    .argument(
      '[genotype]',
      'genotype.json, a search run directory, a published name (DARTS_V1, DARTS_V2), an architecture string, or random[:SEED] (a seeded uniform draw of --space, default darts)',
    )
    .option('--space <name>', 'space of an architecture-string or random genotype (darts | nb201 | chain | hierarchical)')
    .option('--dataset <name>', 'fashion-mnist | mnist | cifar10 (default fashion-mnist)')
    .option('--data-dir <dir>', "data directory, or 'embedded' for the shipped Fashion-MNIST subset")
    .option('--train-limit <n>', 'train on n images only (class-balanced)', intArg)
    .option('--test-limit <n>', 'evaluate on n test images only', intArg)
    .option('--holdout <n>', 'evaluate on n images held out of the training split instead of the test split', intArg)
    .option('--epochs <n>', 'epochs (default 20)', intArg)
    .option('--batch-size <n>', 'batch size (default 96)', intArg)
    .option('--channels <n>', 'initial channels C (default 16; chain: the genotype sets the widths)', intArg)
    .option('--layers <n>', 'cells (darts, default 8) or cells per stage (nb201, default 5; hierarchical, default 1)', intArg)
    .option('--seed <s>', 'seed of weights, data order, augmentation and drop-path (default 0)')
    .option('--lr <x>', 'initial learning rate, cosine schedule (default 0.025)', numberArg)
    .option('--lr-min <x>', 'final learning rate (default 0)', numberArg)
    .option('--momentum <x>', 'SGD momentum (default 0.9)', numberArg)
    .option('--weight-decay <x>', 'weight decay (default 3e-4)', numberArg)
    .option('--grad-clip <x>', 'max gradient norm, 0 = off (default 5)', numberArg)
    .option('--auxiliary', 'auxiliary head (default on for darts)')
    .option('--no-auxiliary', 'no auxiliary head')
    .option('--aux-weight <x>', 'auxiliary loss weight (default 0.4)', numberArg)
    .option('--drop-path <p>', 'final drop-path probability, linear from 0 (default 0.2 for darts)', numberArg)
    .option('--label-smoothing <x>', 'label smoothing (default 0)', numberArg)
    .option('--crop-padding <n>', 'random crop after padding n pixels, 0 = off (default 4)', intArg)
    .option('--flip', 'random horizontal flips (default on, except mnist)')
    .option('--no-flip', 'no flips')
    .option('--cutout <n>', 'cutout square side, 0 = off (default 16 cifar10, 8 otherwise)', intArg)
    .option('--inherit <run>', "start from a search run's supernet weights instead of random ones")
    .option('--config <file>', "settings from a YAML or JSON file, genotype included (a run's config.json re-runs it); flags override it")
    .option('--out <dir>', 'run directory to create (default runs/retrain-<space>-<time>)')
    .option('--resume <dir>', 'continue the run in <dir> from its checkpoint');
  runWatchOptions(engineOptions(retrainCommand)).action(async (genotypeArg: string | undefined, flags: RetrainFlags, command: Command) => {
    if (flags.resume !== undefined) {
      const clash = flags.config !== undefined ? 'config' : RUN_FLAGS.find((f) => command.getOptionValueSource(f) === 'cli');
      if (clash) throw new NasError(`--resume continues the run with its own config; drop --${flagName(clash)}`);
      if (genotypeArg !== undefined) throw new NasError('--resume continues the run with its own genotype; drop the genotype argument');
    }
    const file = flags.config === undefined ? {} : retrainSettings(loadConfigFile(flags.config), flags.config);
    // A flag given on the command line wins over the file.
    const picked = <K extends (typeof RUN_FLAGS)[number]>(f: K) =>
      command.getOptionValueSource(f) === 'cli' ? flags[f] : (file as Record<string, unknown>)[f];
    const named = genotypeArg ?? file.genotype;
    if (flags.resume === undefined && named === undefined) {
      throw new NasError(
        'nas retrain needs a genotype (a genotype.json, a search run directory or DARTS_V1/DARTS_V2, or a --config naming one)',
      );
    }
    const space = picked('space') as string | undefined;
    const genotype =
      named === undefined
        ? null
        : typeof named === 'string'
          ? resolveGenotypeArg(named, space)
          : { genotype: validateGenotype(spaceByName(named.space), named), source: file.source ?? flags.config ?? 'config' };
    const config =
      genotype === null
        ? null
        : resolveRetrainConfig({
            ...genotype,
            ...Object.fromEntries(RUN_FLAGS.filter((f) => f !== 'out' && f !== 'space').map((f) => [f, picked(f)])),
            inherit: (picked('inherit') as string | null | undefined) ?? null,
          });
    if (flags.checkpointMinutes !== undefined) checkCheckpointMinutes(flags.checkpointMinutes);
    const dir = resolve(flags.resume ?? flags.out ?? `runs/retrain-${config?.space ?? 'darts'}-${runTimestamp()}`);
    const engine = await initBackend(flags.backend, { threads: flags.threads });
    err(`${flags.resume ? 'resuming' : 'retraining'} in ${dir} on ${engine.name}${config ? `: ${canonicalString(config.genotype)}` : ''}`);

    const stop = listenForStop(err);
    const reporter = retrainReporter(process.stderr, err);
    const board = tensorboardFor(flags.tensorboard, dir, config?.space);
    try {
      const outcome = await runRetrain(config, {
        out: dir,
        resume: flags.resume !== undefined,
        onStep: (p) => {
          reporter.step(p);
          board?.step(p.epoch * p.stepsPerEpoch + p.step, { train_loss: p.loss, train_acc: p.acc });
        },
        onEpoch: (r) => {
          reporter.epoch(r);
          board?.epoch(r);
        },
        shouldStop: stop.stopRequested,
        ...(flags.checkpointMinutes !== undefined ? { checkpointMinutes: flags.checkpointMinutes } : {}),
      });
      reporter.stop();
      if (outcome.stopped || outcome.result === null) {
        err(`stopped after ${outcome.epochs} epoch(s); continue with: nas retrain --resume ${dir}`);
        process.exitCode = 130;
        return;
      }
      const r = outcome.result;
      out(
        `${r.evaluated_on === 'holdout' ? 'held-out' : 'test'} accuracy ${(r.test_acc * 100).toFixed(2)}% (loss ${r.test_loss.toFixed(4)}), ${r.params} weights, ${(r.mult_adds / 1e6).toFixed(1)}M multiply-adds, ${r.seconds.toFixed(0)} s`,
      );
      out(`written to ${dir}`);
    } finally {
      reporter.stop();
      stop.release();
      board?.close();
    }
  });
}
