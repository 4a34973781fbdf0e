import type { Command } from 'commander';
import { spaceByName } from '../../cells/index.js';
import { BatchIterator, DATASET_NAMES, loadDataset, type Dataset } from '../data/index.js';
import { NasError, firstLine } from '../errors.js';
import {
  EarlyStoppingEstimator,
  ExtrapolateEstimator,
  RankAverageEstimator,
  type Estimator,
  type RetrainEstimatorRequest,
  type SupernetEstimatorOptions,
} from '../estimators/index.js';
import { EARLY_STOP_DEFAULTS } from '../fidelity/index.js';
import { ZeroCostEstimator, type ZcBatch, zcInput, zcProxy } from '../estimators/zero-cost/index.js';
import { intArg, numberArg } from './options.js';
import { zeroCostFromTable } from './zc-table.js';

/** Flags that configure the supernet estimator (BatchNorm re-calibration and scoring batches). */
export interface SupernetFlags {
  recalibrateBatches: number;
  evalBatches: number;
  evalBatchSize: number;
}

/** Flags that configure stand-alone training as an estimator. */
export interface RetrainFlags {
  retrainEpochs: number;
  retrainChannels?: number;
  retrainLayers?: number;
  retrainBatchSize?: number;
  retrainTrainLimit?: number;
  retrainImageSize?: number;
  holdout: number;
  dataset?: string;
  dataDir?: string;
}

export function addSupernetOptions(command: Command, prefix = 'supernet: '): Command {
  return command
    .option(
      '--recalibrate-batches <n>',
      `${prefix}train batches re-computing BatchNorm statistics per architecture (0: keep the supernet's)`,
      intArg,
      10,
    )
    .option('--eval-batches <n>', `${prefix}held-out batches each architecture is scored on`, intArg, 10)
    .option('--eval-batch-size <n>', `${prefix}images per batch`, intArg, 128);
}

export function addRetrainOptions(command: Command, prefix = 'retrain: '): Command {
  return command
    .option('--retrain-epochs <n>', `${prefix}epochs per architecture`, intArg, 3)
    .option('--retrain-channels <n>', `${prefix}initial channels of the network`, intArg)
    .option('--retrain-layers <n>', `${prefix}cells of the network (NB201: per stage)`, intArg)
    .option('--retrain-batch-size <n>', `${prefix}batch size`, intArg)
    .option('--retrain-train-limit <n>', `${prefix}train on this many images`, intArg)
    .option('--retrain-image-size <px>', `${prefix}area-resize images to this side first (default: their own)`, intArg)
    .option('--holdout <n>', `${prefix}training images held out to score on (never the test split)`, intArg, 5000)
    .option('--dataset <name>', `${prefix}dataset (default fashion-mnist)`)
    .option('--data-dir <dir>', `${prefix}where the dataset files are`);
}

export function supernetOptionsFrom(flags: SupernetFlags): Partial<SupernetEstimatorOptions> {
  return { recalibrationBatches: flags.recalibrateBatches, evalBatches: flags.evalBatches, batchSize: flags.evalBatchSize };
}

export function retrainRequestFrom(flags: RetrainFlags, seed: string): RetrainEstimatorRequest {
  return {
    epochs: flags.retrainEpochs,
    holdout: flags.holdout,
    ...(flags.retrainChannels !== undefined ? { channels: flags.retrainChannels } : {}),
    ...(flags.retrainLayers !== undefined ? { layers: flags.retrainLayers } : {}),
    ...(flags.retrainBatchSize !== undefined ? { batchSize: flags.retrainBatchSize } : {}),
    ...(flags.retrainTrainLimit !== undefined ? { trainLimit: flags.retrainTrainLimit } : {}),
    ...(flags.retrainImageSize !== undefined ? { imageSize: flags.retrainImageSize } : {}),
    ...(flags.dataset !== undefined ? { dataset: flags.dataset } : {}),
    ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
    seed,
  };
}

/** Flags a zero-cost estimator (`zc:NAME`) reads. */
export interface ZeroCostFlags {
  space?: string;
  dataset?: string;
  dataDir?: string;
  seed: string;
  zcBatchSize: number;
  retrainChannels?: number;
  retrainLayers?: number;
  /** Score on this table's network and images instead (src/cli/zc-table.ts). */
  zcTable?: string;
}

export function addZeroCostOptions(command: Command, prefix = 'zc: '): Command {
  return command
    .option('--zc-batch-size <n>', `${prefix}images in the batch of the proxies that need data`, intArg, 64)
    .option(
      '--zc-table <file>',
      `${prefix}score on this table's own network (C, cells) and images (size, training split), as its trainings saw them`,
    )
    .option('--rank-reference <n>', 'rank: architectures every part scores once, to turn its scores into percentiles', intArg, 100);
}

/** The parts of a `rank:A,B,...` spec (trimmed, empty ones dropped); any other spec is its own one part. */
export function rankSpecParts(spec: string): string[] {
  if (!spec.startsWith('rank:')) return [spec];
  return spec
    .slice('rank:'.length)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * `rank:SPEC,SPEC,...` as an estimator: the mean percentile of the parts
 * (`RankAverageEstimator`), each part built by `make` (any other estimator
 * spec: `zc:synflow`, `supernet:RUN` ...). Parts already built are disposed
 * if a later one fails.
 */
export async function rankEstimatorFrom(
  spec: string,
  make: (part: string) => Promise<Estimator>,
  flags: { seed: string; rankReference: number },
): Promise<RankAverageEstimator> {
  const specs = rankSpecParts(spec);
  if (specs.some((s) => s.startsWith('rank:'))) throw new NasError(`${spec}: a rank average cannot hold another rank average`);
  const parts: Estimator[] = [];
  try {
    for (const part of specs) parts.push(await make(part));
    return await RankAverageEstimator.create(parts, flags.rankReference, flags.seed);
  } catch (error) {
    for (const p of parts) p.dispose?.();
    throw error;
  }
}

/**
 * `zc:NAME` as an estimator: the network of `--space` (default nb201) shaped
 * for `--dataset` (default cifar10; data-free proxies need only its shape),
 * and for the proxies that need data one batch of its training images.
 */
export async function zeroCostEstimatorFrom(spec: string, flags: ZeroCostFlags): Promise<ZeroCostEstimator> {
  if (flags.zcTable !== undefined) return zeroCostFromTable(spec, flags.zcTable, flags);
  const name = spec.slice(spec.indexOf(':') + 1);
  const proxy = zcProxy(name);
  const dataset = flags.dataset ?? 'cifar10';
  const input = zcInput(dataset);
  let batch: ZcBatch | undefined;
  if (proxy.needsBatch) {
    if (!(flags.zcBatchSize > 0)) throw new NasError(`--zc-batch-size must be a positive integer, got ${flags.zcBatchSize}`);
    if (!(DATASET_NAMES as readonly string[]).includes(dataset))
      throw new NasError(
        `zc:${name} needs a batch of images and the toolkit cannot read ${dataset} (it reads ${DATASET_NAMES.join(', ')})`,
      );
    let data: Dataset;
    try {
      data = await loadDataset(dataset, 'train', flags.dataDir);
    } catch (error) {
      throw new NasError(`zc:${name} needs a batch of images: ${firstLine(error)}`);
    }
    const next = new BatchIterator(data, { batchSize: Math.min(flags.zcBatchSize, data.count), seed: `${flags.seed}/zc-batch` }).next();
    batch = { x: next.x, labels: next.y };
  }
  try {
    return new ZeroCostEstimator(spaceByName(flags.space ?? 'nb201'), name, {
      input,
      ...(batch ? { batch } : {}),
      seed: flags.seed,
      ...(flags.retrainChannels !== undefined ? { channels: flags.retrainChannels } : {}),
      ...(flags.retrainLayers !== undefined ? { layers: flags.retrainLayers } : {}),
    });
  } catch (error) {
    batch?.x.dispose();
    batch?.labels.dispose();
    throw error;
  }
}

/** Flags of learning-curve early stopping (`--early-stop extrapolate`). */
export interface EarlyStopFlags {
  earlyStop?: string;
  earlyStopMinEpochs?: number;
  earlyStopThreshold?: number;
}

export function addEarlyStopOptions(command: Command): Command {
  return command
    .option(
      '--early-stop <how>',
      'extrapolate: stop a training once its extrapolated learning curve is unlikely to beat the best final score so far (Domhan et al. 2015; retrain, or a table with per-epoch curves, then charged in seconds)',
    )
    .option('--early-stop-min-epochs <n>', `epochs before the first decision (default ${EARLY_STOP_DEFAULTS.minEpochs})`, intArg)
    .option(
      '--early-stop-threshold <p>',
      `stop when P(final > best so far) is below this (default ${EARLY_STOP_DEFAULTS.threshold})`,
      numberArg,
    );
}

/** The estimator with early stopping around it when `--early-stop` asks for it (then the inner one is disposed on a refusal). */
export function withEarlyStop(flags: EarlyStopFlags, estimator: Estimator): Estimator {
  if (flags.earlyStop === undefined) {
    if (flags.earlyStopMinEpochs !== undefined || flags.earlyStopThreshold !== undefined)
      throw new NasError('--early-stop-min-epochs and --early-stop-threshold need --early-stop extrapolate');
    return estimator;
  }
  try {
    if (flags.earlyStop !== 'extrapolate') throw new NasError(`unknown --early-stop '${flags.earlyStop}' (known: extrapolate)`);
    return new EarlyStoppingEstimator(estimator, {
      minEpochs: flags.earlyStopMinEpochs ?? EARLY_STOP_DEFAULTS.minEpochs,
      threshold: flags.earlyStopThreshold ?? EARLY_STOP_DEFAULTS.threshold,
    });
  } catch (error) {
    estimator.dispose?.();
    throw error;
  }
}

/**
 * `extrapolate:EPOCHS:INNER` as an estimator: INNER (a table with per-epoch
 * curves, or retrain; built by `make`) asked for EPOCHS epochs, answering
 * the predicted final score (`ExtrapolateEstimator`).
 */
export async function extrapolateEstimatorFrom(spec: string, make: (inner: string) => Promise<Estimator>): Promise<Estimator> {
  const match = /^extrapolate:(\d+):(.+)$/.exec(spec);
  if (match === null)
    throw new NasError(`${spec}: expected extrapolate:EPOCHS:INNER (e.g. extrapolate:2:table:FILE or extrapolate:2:retrain)`);
  if (match[2]!.startsWith('extrapolate:')) throw new NasError(`${spec}: an extrapolation cannot hold another`);
  const inner = await make(match[2]!);
  try {
    return new ExtrapolateEstimator(inner, Number(match[1]));
  } catch (error) {
    inner.dispose?.();
    throw error;
  }
}
