import type * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data/api.js';
import type { Genotype } from '../space/api.js';
import type { Supernet } from '../supernet/api.js';

/** What one search step reports (plain numbers, for logs and progress). */
export interface StepMetrics {
  readonly trainLoss: number;
  readonly trainAcc: number;
  /** Loss and accuracy of the architecture step's batch, when the strategy ran one. */
  readonly valLoss?: number;
  readonly valAcc?: number;
}

/** What a strategy knows about the run it is part of. */
export interface SearchContext {
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly seed: string;
  /**
   * The first `count` batches of the val split (to score candidate
   * architectures on, e.g. to derive one) or of the train split (to
   * re-calibrate BatchNorm on), in order: the same on every run and resume of
   * a config. Made once, owned by the caller.
   */
  readonly fixedBatches?: (split: 'train' | 'val', count: number) => readonly Batch[];
}

/**
 * How a supernet is trained: DARTS, ENAS, path dropout, SPOS, GDAS are each
 * one implementation; the loop, progress, logging and checkpoints are
 * written once around this lifecycle (NASLib's `adaptSearchSpace`, `step`,
 * `newEpoch`, `finalArchitecture`).
 *
 * Whatever reads tensor values back (a step's metrics, derivation, the
 * epoch's log) is asynchronous: on a GPU backend a read waits for the
 * device, and WebGPU under Node cannot read synchronously at all. A step
 * reads back once (`readScalars`: its losses and accuracies stacked into one
 * download); everything else it decides stays on the device.
 */
export interface Strategy {
  readonly name: string;
  /** Bind to a supernet (creating optimizers and other state). Called once. */
  setup(supernet: Supernet, context: SearchContext): void;
  /** Before the steps of `epoch` (0-based): schedules. */
  beginEpoch(epoch: number): void;
  /** One step: typically weights on `train`, architecture on `val`. The caller owns and disposes the batches; awaited before the next step. */
  step(train: Batch, val: Batch): Promise<StepMetrics>;
  /** After the steps of `epoch` (samplers score candidates here). */
  endEpoch(epoch: number): Promise<void>;
  /** The discrete architecture the strategy currently prefers. */
  derive(): Promise<Genotype>;
  /** Single-path strategies: per decision group, `[row][option]`, the training steps each option ran in so far. */
  usage?(): Record<string, number[][]>;
  /**
   * Extra fields for this epoch's line in `log.jsonl` (learning rate, softmaxed
   * alphas, sampled-op counts ...), plain JSON: the loop writes what the
   * strategy reports instead of testing its name, so a strategy from a
   * user's script logs what it learns like a built-in one.
   */
  epochLog?(): Promise<Readonly<Record<string, unknown>>>;
  /** Strategy-owned tensors to checkpoint (optimizer slots ...), by unique name. */
  slots(): [string, tf.Variable][];
  /** Plain-JSON state beyond the slots. */
  state(): unknown;
  /** Restore `state()` and the slot values (after `setup`). */
  restore(state: unknown, slots: ReadonlyMap<string, tf.Tensor>): void;
  dispose(): void;
}
