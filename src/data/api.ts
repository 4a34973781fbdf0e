import type * as tf from '@tensorflow/tfjs';

/**
 * Data sets as plain data: pixels stay uint8 in JS memory and only become
 * tensors batch by batch, so a data set never needs disposing and can be
 * split, subset or shared freely.
 */

/** Data sets the toolkit reads. */
export const DATASET_NAMES = ['fashion-mnist', 'mnist', 'cifar10'] as const;

export type DatasetName = (typeof DATASET_NAMES)[number];

/** Image shape `[height, width, channels]` and class count of each data set, known without reading it. */
export const DATASET_SHAPES: Readonly<
  Record<DatasetName, { readonly image: readonly [number, number, number]; readonly classes: number }>
> = {
  'fashion-mnist': { image: [28, 28, 1], classes: 10 },
  mnist: { image: [28, 28, 1], classes: 10 },
  cifar10: { image: [32, 32, 3], classes: 10 },
};

/** Which half of a data set's official split. */
export type Split = 'train' | 'test';

/** Labelled images, record `i` at `images[i*H*W*C .. (i+1)*H*W*C)` in HWC order. */
export interface Dataset {
  /** Where it came from, e.g. `fashion-mnist/train` or `fashion-mnist/train/darts-val`. */
  readonly name: string;
  /** `count * height * width * channels` bytes, HWC per record. */
  readonly images: Uint8Array;
  /** `count` class indices in `0 .. classes-1`. */
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly classes: number;
}

/** Per-channel mean and standard deviation of pixels scaled to [0, 1]. */
export interface ChannelStats {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** How one data set is found and read. */
export interface DatasetSpec {
  /** Read one split from a directory holding the data set's files. */
  readonly load: (dir: string, split: Split) => Promise<Dataset>;
  /** Directories tried in order when no directory is given (system packages, the embedded subset). */
  readonly defaultDirs: () => readonly string[];
  /** What to pass or install when none of those exists. */
  readonly missingHint: string;
}

/** The weights half and the architecture half of a search's training data (DARTS `train_portion`). */
export interface DartsSplit {
  readonly train: Dataset;
  readonly val: Dataset;
}

/** How a BatchIterator batches, orders and normalises. */
export interface BatchIteratorOptions {
  readonly batchSize: number;
  /** Seed of every epoch's order; epoch `e` is shuffled with `${seed}/epoch-${e}`. */
  readonly seed: string | number;
  /** Reshuffle every epoch (default true); false serves records in order. */
  readonly shuffle?: boolean;
  /** Skip an epoch's last, smaller batch (default false). */
  readonly dropLast?: boolean;
  /** Normalisation; default: computed from the iterator's own data set. */
  readonly stats?: ChannelStats;
  /** Changes a batch's normalised pixels in place before they become a tensor (data augmentation). */
  readonly augment?: BatchAugment;
}

/**
 * Data augmentation on one batch of normalised NHWC pixels, in place. `step`
 * (batches served before this one) seeds its randomness, so a resumed run
 * augments the same way; `black` is the normalised value of a 0 pixel per
 * channel (what padding should hold).
 */
export type BatchAugment = (
  pixels: Float32Array,
  shape: readonly [number, number, number, number],
  context: { readonly step: number; readonly black: readonly number[] },
) => void;

/**
 * Where a batch iterator stands, as plain JSON. Each epoch's order is a pure
 * function of (seed, epoch), so epoch and position are all a resumed run needs
 * to see the same batches; the other fields guard against restoring into an
 * iterator over different data or batching.
 */
export interface BatchIteratorState {
  readonly seed: string;
  readonly epoch: number;
  /** Index into the epoch's order of the next record served. */
  readonly position: number;
  /** Batches served since the start. */
  readonly step: number;
  readonly count: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
}

/** One batch; the caller owns both tensors and disposes them. */
export interface Batch {
  /** float32 NHWC, normalised per channel. */
  readonly x: tf.Tensor4D;
  /** int32 class indices. */
  readonly y: tf.Tensor1D;
}
