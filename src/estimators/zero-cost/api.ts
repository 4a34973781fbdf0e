import type * as tf from '@tensorflow/tfjs';
import type { CellSkeleton } from '../../../supernets/index.js';
import type { CellSpace } from '../../space/api.js';
import type { FixedNetwork } from '../../supernet/index.js';

/** What a data-free proxy needs of the data: one image's shape and the class count. */
export interface ZcInput {
  /** `[height, width, channels]`. */
  readonly image: readonly [number, number, number];
  readonly classes: number;
}

/** One labelled batch of normalised images, owned by the estimator (proxies must not dispose it). */
export interface ZcBatch {
  readonly x: tf.Tensor4D;
  /** Class indices, int32. */
  readonly labels: tf.Tensor1D;
}

/** What a proxy scores: a freshly initialised stand-alone network of one architecture. */
export interface ZcContext {
  /** The genotype's network on the estimator's skeleton and seed; the proxy may change its weights (it is thrown away after). */
  readonly net: FixedNetwork;
  readonly input: ZcInput;
  /** Null for an estimator built without data; only proxies with `needsBatch` read it. */
  readonly batch: ZcBatch | null;
}

/**
 * A zero-cost proxy (Abdelfattah et al., "Zero-Cost Proxies for Lightweight
 * NAS", ICLR 2021): a score of an untrained network, larger meaning
 * predicted better, computed in one or a few passes instead of a training.
 * `score` is synchronous tensor work and frees every tensor it makes.
 */
export interface ZeroCostProxy {
  readonly name: string;
  /** True when the proxy needs images and labels (`ZcContext.batch`), false for the data-free ones. */
  readonly needsBatch: boolean;
  /** One line for `--help` and error messages: what it measures and where it comes from. */
  readonly summary: string;
  /** Throws a one-line `NasError` when the proxy cannot score networks of this space and skeleton, so an estimator refuses at once rather than at its first query. */
  readonly check?: (space: CellSpace, skeleton: CellSkeleton) => void;
  score(context: ZcContext): number;
}
