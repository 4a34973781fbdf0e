/**
 * A histogram in the shape of TensorFlow's `HistogramProto`
 * (`tensorflow/core/framework/summary.proto`), which is what TensorBoard's
 * histogram and distribution dashboards read.
 *
 * `buckets[i]` counts the values in `[bucketLimits[i - 1], bucketLimits[i])`;
 * the first bucket starts at minus infinity. Runs of empty buckets are merged
 * into one zero-count bucket ending where the run ends, as TensorFlow does, so
 * the written bucket list stays short while every range stays exact.
 */
export interface HistogramSummary {
  readonly min: number;
  readonly max: number;
  /** Number of values: a double in the proto, and the sum of `buckets`. */
  readonly num: number;
  readonly sum: number;
  readonly sumSquares: number;
  /** Upper (exclusive) limit of each bucket, strictly increasing. */
  readonly bucketLimits: readonly number[];
  /** Count of each bucket, parallel to `bucketLimits`. */
  readonly buckets: readonly number[];
}

/** How `EventFileWriter` names its file. */
export interface EventFileOptions {
  /**
   * Appended to the default name `events.out.tfevents.<unix seconds>.<host>`.
   * Needed when two writers share a directory and may start in the same
   * second; TensorBoard reads every file whose name contains `tfevents`.
   */
  readonly filenameSuffix?: string;
  /** The whole file name, replacing the default (and the suffix): for tests and reproducible paths. */
  readonly filename?: string;
}
