import type { EpochRecord } from '../../runs/epoch-log.js';
import type { Genotype } from '../../space/api.js';
import type { StepMetrics, Strategy } from '../api.js';

/** Where a search stands, for progress displays. */
export interface SearchProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly metrics: StepMetrics;
  readonly elapsedMs: number;
  /** Estimated time to the end of the run. */
  readonly etaMs: number;
}

export interface RunSearchOptions {
  /** The run directory (`--out`); with `resume`, an existing run to continue. */
  readonly out: string;
  readonly resume?: boolean;
  readonly onStep?: (progress: SearchProgress) => void;
  readonly onEpoch?: (record: EpochRecord) => void;
  /** Polled between steps (e.g. set by SIGINT): the run checkpoints and returns. */
  readonly shouldStop?: () => boolean;
  /**
   * Keep the supernet of every epoch: a copy of the checkpoint in
   * `snapshots/epoch-<n>.nas` (n epochs done), for studying how its rankings
   * change over training (`nas bias --supernet RUN/snapshots/epoch-5.nas`).
   */
  readonly snapshots?: boolean;
  /**
   * Also checkpoint part-way through an epoch once this many minutes passed
   * since the last checkpoint (default 10; 0: at epoch ends and stops only),
   * so a run killed without warning loses at most that much.
   */
  readonly checkpointMinutes?: number;
  /**
   * Drive this strategy instance instead of making the one `config.strategy`
   * names (its `name` must be that name, so a resume can make it again).
   */
  readonly strategy?: Strategy;
  /**
   * A checkpoint (a search run's `checkpoint.nas` or a snapshot) whose
   * supernet tensors a new run starts from instead of a fresh initialisation
   * (few-shot sub-supernets, prune-and-fine-tune); a resumed run has its own.
   */
  readonly initialWeights?: string;
}

export interface SearchResult {
  readonly out: string;
  /** The strategy's registered name. */
  readonly strategy: string;
  readonly genotype: Genotype;
  readonly canonical: string;
  /** Epochs completed. */
  readonly epochs: number;
  /** True when `shouldStop` ended the run before its last epoch. */
  readonly stopped: boolean;
}
