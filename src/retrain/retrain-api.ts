import type { BatchIteratorState, ChannelStats } from '../data/index.js';
import type { EpochSums } from '../runs/training-loop.js';
import type { FixedNetwork } from '../supernet/index.js';
import type { OptimizerState } from '../train/optim/index.js';
import type { RetrainConfig } from './config.js';

/** One line of a retraining run's `log.jsonl`. */
export interface RetrainEpochRecord {
  readonly epoch: number;
  readonly lr: number;
  readonly drop_path: number;
  readonly train_loss: number;
  readonly train_acc: number;
  readonly test_loss: number;
  readonly test_acc: number;
  readonly seconds: number;
}

/** Where a retraining run stands, for progress displays. */
export interface RetrainProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly loss: number;
  readonly acc: number;
  readonly elapsedMs: number;
  readonly etaMs: number;
}

export interface RunRetrainOptions {
  readonly out: string;
  readonly resume?: boolean;
  readonly onStep?: (progress: RetrainProgress) => void;
  readonly onEpoch?: (record: RetrainEpochRecord) => void;
  readonly shouldStop?: () => boolean;
  /** Also checkpoint part-way through an epoch once this many minutes passed since the last checkpoint (default 10; 0: epoch ends and stops only). */
  readonly checkpointMinutes?: number;
  /** A new run's initial weights from elsewhere (a parent network's, through a morphism: Lamarckian evolution); returns how many tensors it set. */
  readonly initWeights?: (net: FixedNetwork) => Promise<number>;
}

/** `result.json` of a finished retraining run. */
export interface RetrainResult {
  readonly genotype: string;
  readonly test_acc: number;
  readonly test_loss: number;
  /** Which images `test_acc` is measured on: the test split, or images held out of the training split (`holdout`). */
  readonly evaluated_on: 'test' | 'holdout';
  /** Trainable weights outside the auxiliary head (what papers report). */
  readonly params: number;
  readonly params_with_aux: number;
  /** Multiply-adds of one inference on one image (convolutions and matrix products). */
  readonly mult_adds: number;
  readonly epochs: number;
  readonly seconds: number;
  readonly backend: string | null;
  /** Tensors copied from the search supernet (weight inheritance), or null. */
  readonly inherited: number | null;
}

export interface RetrainOutcome {
  readonly out: string;
  readonly result: RetrainResult | null;
  readonly epochs: number;
  readonly stopped: boolean;
}

/** The plain part of a retraining checkpoint. */
export interface RetrainCheckpointMeta {
  readonly config: RetrainConfig;
  readonly epoch: number;
  readonly step: number;
  readonly sums: EpochSums;
  readonly train: BatchIteratorState;
  readonly optimizer: OptimizerState;
  readonly elapsedMs: number;
  readonly inherited: number | null;
  /** The input normalisation the network was trained with (what an exported model bakes in). */
  readonly stats: ChannelStats;
}
