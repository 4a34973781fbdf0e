import type { Command } from 'commander';
import type { RetrainEstimatorRequest, SupernetEstimatorOptions } from '../estimators/index.js';
import { intArg } from './options.js';

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
    ...(flags.dataset !== undefined ? { dataset: flags.dataset } : {}),
    ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
    seed,
  };
}
