import * as tf from '@tensorflow/tfjs';
import { NasError } from '../errors.js';
import { seededPermutation } from '../random/permutation.js';
import type { Batch, BatchAugment, BatchIteratorOptions, BatchIteratorState, ChannelStats, Dataset } from './api.js';
import { computeChannelStats } from './channel-stats.js';
import { recordBytes } from './select-records.js';

/** byte value -> normalised float per channel, `table[c * 256 + v]`, so a batch is one lookup per pixel. */
function normaliseTable(stats: ChannelStats, channels: number): Float32Array {
  if (stats.mean.length !== channels || stats.std.length !== channels) {
    throw new NasError(`normalisation has ${stats.mean.length} means and ${stats.std.length} stds for ${channels} channel(s)`);
  }
  const table = new Float32Array(channels * 256);
  for (let c = 0; c < channels; c++) {
    for (let v = 0; v < 256; v++) table[c * 256 + v] = (v / 255 - stats.mean[c]!) / stats.std[c]!;
  }
  return table;
}

/**
 * Endless, seeded mini-batches over a data set. Epoch `e`'s order is the
 * permutation seeded by `${seed}/epoch-${e}`, so any epoch can be regenerated
 * from (seed, epoch) alone: `state()` is small plain JSON and `restore()` into
 * a fresh iterator replays the exact remaining batches of an interrupted run.
 */
export class BatchIterator {
  private readonly seed: string;
  private readonly batchSize: number;
  private readonly shuffle: boolean;
  private readonly dropLast: boolean;
  private readonly table: Float32Array;
  private readonly augment: BatchAugment | undefined;
  private order: Uint32Array;
  private epochNow = 0;
  private positionNow = 0;
  private stepNow = 0;

  constructor(
    private readonly dataset: Dataset,
    options: BatchIteratorOptions,
  ) {
    const { batchSize } = options;
    this.seed = String(options.seed);
    this.shuffle = options.shuffle ?? true;
    this.dropLast = options.dropLast ?? false;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new NasError(`batch size must be a positive integer, got ${batchSize}`);
    if (dataset.count === 0 || (this.dropLast && batchSize > dataset.count)) {
      throw new NasError(`batch size ${batchSize} gives no batch from ${dataset.name}, which has ${dataset.count} records`);
    }
    this.batchSize = batchSize;
    this.table = normaliseTable(options.stats ?? computeChannelStats(dataset), dataset.channels);
    this.augment = options.augment;
    this.order = this.epochOrder(0);
  }

  /** The epoch the next batch comes from (0-based); it advances right after an epoch's last batch. */
  get epoch(): number {
    return this.epochNow;
  }

  /** Batches served so far, over all epochs. */
  get step(): number {
    return this.stepNow;
  }

  /** Batches in each epoch. */
  get stepsPerEpoch(): number {
    const n = this.dataset.count / this.batchSize;
    return this.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  /** The next batch: float32 NHWC normalised images and int32 labels, owned by the caller. */
  next(): Batch {
    const { dataset, table } = this;
    const size = this.dropLast ? this.batchSize : Math.min(this.batchSize, dataset.count - this.positionNow);
    const pixels = recordBytes(dataset);
    const channels = dataset.channels;
    const x = new Float32Array(size * pixels);
    const y = new Int32Array(size);
    for (let k = 0; k < size; k++) {
      const i = this.order[this.positionNow + k]!;
      y[k] = dataset.labels[i]!;
      const src = dataset.images.subarray(i * pixels, (i + 1) * pixels);
      for (let p = 0; p < pixels; p++) x[k * pixels + p] = table[(p % channels) * 256 + src[p]!]!;
    }
    if (this.augment) {
      const black = Array.from({ length: channels }, (_, c) => table[c * 256]!);
      this.augment(x, [size, dataset.height, dataset.width, channels], { step: this.stepNow, black });
    }
    this.positionNow += size;
    this.stepNow += 1;
    if (dataset.count - this.positionNow < (this.dropLast ? this.batchSize : 1)) this.startEpoch(this.epochNow + 1);
    return tf.tidy(() => ({
      x: tf.tensor4d(x, [size, dataset.height, dataset.width, channels], 'float32'),
      y: tf.tensor1d(y, 'int32'),
    }));
  }

  /** Where the iterator stands, as plain JSON. */
  state(): BatchIteratorState {
    return {
      seed: this.seed,
      epoch: this.epochNow,
      position: this.positionNow,
      step: this.stepNow,
      count: this.dataset.count,
      batchSize: this.batchSize,
      shuffle: this.shuffle,
      dropLast: this.dropLast,
    };
  }

  /** Continue from a saved state; a state saved for other data or batching is a NasError naming the difference. */
  restore(state: BatchIteratorState): void {
    const mine = this.state();
    for (const key of ['seed', 'count', 'batchSize', 'shuffle', 'dropLast'] as const) {
      if (state[key] !== mine[key]) {
        throw new NasError(`cannot restore batch iterator: state has ${key} ${String(state[key])}, iterator has ${String(mine[key])}`);
      }
    }
    if (!(Number.isInteger(state.position) && state.position >= 0 && state.position < this.dataset.count)) {
      throw new NasError(`cannot restore batch iterator: position ${state.position} outside 0..${this.dataset.count - 1}`);
    }
    if (!(Number.isInteger(state.epoch) && state.epoch >= 0 && Number.isInteger(state.step) && state.step >= 0)) {
      throw new NasError(`cannot restore batch iterator: epoch ${state.epoch} and step ${state.step} must be whole numbers >= 0`);
    }
    this.startEpoch(state.epoch);
    this.positionNow = state.position;
    this.stepNow = state.step;
  }

  private startEpoch(epoch: number): void {
    this.epochNow = epoch;
    this.positionNow = 0;
    this.order = this.epochOrder(epoch);
  }

  private epochOrder(epoch: number): Uint32Array {
    if (this.shuffle) return seededPermutation(this.dataset.count, `${this.seed}/epoch-${epoch}`);
    return Uint32Array.from({ length: this.dataset.count }, (_, i) => i);
  }
}
