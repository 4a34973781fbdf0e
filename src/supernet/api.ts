import type * as tf from '@tensorflow/tfjs';
import type { Genotype, SearchSpace } from '../space/api.js';

/**
 * One group of architecture decisions with a shared option list: a matrix of
 * `rows x options` architecture parameters. Cell spaces have one group per
 * cell type (`normal`, `reduce`; rows = supernet edges, options = ops); the
 * chain space `op` and `width` (rows = layers); the hierarchical space one per
 * motif (`l2.m0` ... `l3.m0`; rows = motif edges). Samplers and derivation
 * work on groups without knowing the space.
 */
export interface DecisionGroup {
  readonly name: string;
  readonly rows: number;
  readonly options: readonly string[];
}

/**
 * What runs for one decision row: option indices, and optionally one weight
 * per option (the relaxation). Without weights the chosen options are summed.
 */
export interface RowChoice {
  readonly options: readonly number[];
  readonly weights?: readonly tf.Scalar[];
  /**
   * A weight of the row's whole output (PC-DARTS's edge normalisation: with
   * partial channels, the bypassed channels too); absent means 1.
   */
  readonly scale?: tf.Scalar;
  /**
   * Where the weights are, for a kernel that reads them in place: option
   * `options[i]`'s weight is entry `at[i]` of the flattened `matrix`. Set
   * where the active backend sums weighted terms in one kernel (webgpu's
   * `WEIGHTED_SUM`); `weights` are then made only when read.
   */
  readonly source?: { readonly matrix: tf.Tensor; readonly at: readonly number[] };
}

/** Per decision group, one choice per row. */
export type Selection = Readonly<Record<string, readonly RowChoice[]>>;

/** Per row, which options are switched on (`mask[row][option]`). */
export type OptionMask = readonly (readonly boolean[])[];

/**
 * How the supernet runs forward:
 * - `relaxed`: every option of every row, weighted by the softmax of the
 *   architecture parameters (DARTS);
 * - `weights`: options weighted by the given `[rows, options]` tensors (GDAS's
 *   hard samples ...), only masked-in options computed (default: all but
 *   `none`); gradients reach whatever made the weights;
 * - `fixed`: one sub-architecture (a genotype) on the shared weights;
 * - `masked`: per row, a subset of options summed unweighted (samplers, path dropout).
 */
export type ForwardMode =
  | { readonly kind: 'relaxed' }
  | {
      readonly kind: 'weights';
      readonly weights: Readonly<Record<string, tf.Tensor2D>>;
      readonly masks?: Readonly<Record<string, OptionMask>>;
      /** Per group, one weight per row for the row's whole output (edge normalisation). */
      readonly rowScales?: Readonly<Record<string, tf.Tensor1D>>;
    }
  | { readonly kind: 'fixed'; readonly genotype: Genotype }
  | { readonly kind: 'masked'; readonly masks: Readonly<Record<string, OptionMask>> };

/** The forward modes that run a discrete set of options (what single-path samplers train). */
export type SampledMode = Extract<ForwardMode, { readonly kind: 'fixed' | 'masked' }>;

/**
 * A weight-shared supernet: every candidate's weights exist once; the
 * architecture parameters (one variable per decision group) are separate.
 */
export interface Supernet {
  readonly space: SearchSpace;
  decisions(): readonly DecisionGroup[];
  /** Shared network weights (the weight optimizer's variables). */
  weightVariables(): tf.Variable[];
  /** Non-trainable state of the weights (BatchNorm running statistics). */
  weightBuffers(): tf.Variable[];
  /** Every tensor of the supernet by a unique name (`weight.`, `buffer.`, `alpha.` prefixes), for checkpoints. */
  namedTensors(): [string, tf.Variable][];
  /** Architecture parameters in `decisions()` order (the architecture optimizer's variables). */
  archVariables(): tf.Variable[];
  alpha(group: string): tf.Variable;
  /** Softmax of each group's parameters as plain numbers (`[row][option]`), for logs and derivation: one read of all groups. */
  archWeights(): Promise<Record<string, number[][]>>;
  /**
   * Which options of each row a `fixed` or `masked` forward runs (1 or 0 per
   * `[row][option]`, by group): what samplers count to report how often each
   * op and edge was trained.
   */
  runningOptions(mode: SampledMode): Record<string, number[][]>;
  /** Logits for a batch. Call inside `tf.tidy` or a gradient function. */
  forward(x: tf.Tensor4D, mode: ForwardMode, training?: boolean): tf.Tensor2D;
  parameterCount(): number;
  dispose(): void;
}
