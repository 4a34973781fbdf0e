/**
 * Ground-truth tables built by the toolkit (NAS-Bench-201's idea, Dong & Yang
 * 2020: train every architecture of a space once with one recipe, so that
 * searches are judged in seconds). Plain JSON throughout.
 */

/** Everything that decides what one training of a table measures. Recorded in the table's header. */
export interface TableRecipe {
  readonly space: string;
  readonly dataset: string;
  /** Where the data set's files were read (`embedded`: the shipped subset), or null for its default location. */
  readonly dataDir: string | null;
  /** Image side after area downsampling (ImageNet16-120's trick), or null for the data set's own size. */
  readonly imageSize: number | null;
  /** Network: initial channels C and cells per stage N of the space's stand-alone network. */
  readonly channels: number;
  readonly cellsPerStage: number;
  readonly epochs: number;
  readonly batchSize: number;
  /** SGD (Nesterov) momentum, learning rate cosine-annealed per step from `lr` to `lrMin`. */
  readonly lr: number;
  readonly lrMin: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  /** Max global gradient norm; 0 = no clipping. */
  readonly gradClip: number;
  /** Training images used (class-balanced draw of what the validation hold-out leaves), or null for all. */
  readonly trainLimit: number | null;
  /** Images held out of the training split to measure `val` on (the same draw for every architecture and seed). */
  readonly valSize: number;
  /** Test images used (class-balanced draw of the test split), or null for all. */
  readonly testLimit: number | null;
  readonly cropPadding: number;
  readonly flip: boolean;
  /** Seeds the data draws (hold-out, subsets); the same for every run of the table. */
  readonly dataSeed: string;
}

/** One epoch of a training run. Accuracies in %. */
export interface TableEpoch {
  readonly train_loss: number;
  readonly val: number;
  readonly test: number;
  /**
   * Mean cross-entropy on the val images: a continuous score where accuracy
   * moves in steps of one image, for rank analyses (absent in runs recorded
   * before it was).
   */
  readonly val_loss?: number;
}

/** One architecture trained with one seed: what the ledger records and the table keeps. Accuracies in %. */
export interface TableRun {
  readonly arch: string;
  readonly seed: number;
  readonly val: number;
  readonly test: number;
  readonly train_loss: number;
  readonly curve: readonly TableEpoch[];
  /** Trainable weights. */
  readonly params: number;
  /** Multiply-adds of one inference on one image. */
  readonly mult_adds: number;
  /** Wall seconds of the training and its evaluations. */
  readonly seconds: number;
  /** CPU seconds of the same (what a busy machine does not inflate; absent in runs recorded before it was). */
  readonly cpu_seconds?: number;
}

/** What the table says of one architecture: `val` and `test` are means over its seeds, as NB201's tables give one number. */
export interface TableEntry {
  readonly val: number;
  readonly test: number;
  readonly params: number;
  readonly mult_adds: number;
  readonly runs: readonly Omit<TableRun, 'arch' | 'params' | 'mult_adds'>[];
}

/** The table file's header: which space, data and recipe its numbers come from. */
export interface TableHeader {
  readonly kind: 'nas-table';
  readonly toolkit: string;
  readonly space: string;
  readonly dataset: string;
  readonly recipe: TableRecipe;
  /** The ledger (next to the table) the table is assembled from. */
  readonly ledger: string;
}

/** A table file: NB201's `{ ops, archs: { <arch>: { val, test } } }` plus a header and the runs. */
export interface TableFile {
  readonly benchmark: string;
  readonly header: TableHeader;
  readonly fields: Readonly<Record<string, string>>;
  readonly ops: readonly string[];
  readonly archs: Readonly<Record<string, TableEntry>>;
}
