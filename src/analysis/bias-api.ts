import type { Estimate } from '../estimators/api.js';
import type { OpUsage } from '../runs/finished-run.js';
import type { Genotype } from '../space/api.js';
import type { ArchitectureMoves } from '../space/index.js';
import type { OpBias } from './op-bias.js';
import type { BootstrapInterval } from './stats/index.js';

/**
 * Scores a list of architectures: a supernet estimator, stand-alone training
 * in this process, or jobs on other machines. `onScore` is called as each
 * score lands (in any order), so a study keeps every score it paid for.
 */
export interface Scorer {
  readonly name: string;
  /**
   * Scores outside this process (a pool of child processes, a queue of
   * workers): a study then runs it alongside the supernets, whose scoring
   * would otherwise leave those workers idle.
   */
  readonly offProcess?: boolean;
  scoreAll(genotypes: readonly Genotype[], onScore: (index: number, estimate: Estimate) => void, shouldStop?: () => boolean): Promise<void>;
}

/** How a supernet's training spread over the ops: the op usage its run logged (see `openFinishedRun`). */
export type TrainingUsage = OpUsage;

/** A trained supernet in a study, with the architectures its strategy prefers (its derived genotype ...). */
export interface StudySupernet {
  readonly scorer: Scorer;
  readonly preferred: readonly Genotype[];
  readonly training?: TrainingUsage;
}

export interface BiasStudyOptions {
  /** Architectures drawn uniformly from the space (the ranking statistics use these). */
  readonly k: number;
  readonly seed: string;
  /**
   * Draw architectures distinct as computations (`computationKey`: isomorphic
   * cells and edges that cannot reach the output count once), not merely as
   * strings: of 1,000 distinct NB201 strings drawn uniformly, 684 were distinct computations.
   */
  readonly unique?: boolean;
  /**
   * Draw from these architectures instead of the whole space (`--within-table`:
   * a partial table's, so that a table truth answers every draw without
   * training); absent, the whole space.
   */
  readonly within?: ArchitectureMoves;
  /** Bootstrap resamples for the confidence intervals (default 1000). */
  readonly bootstrap?: number;
  /** The top-k of the overlap statistic, as a share of the uniform sample (default 0.1; at least 1). */
  readonly topShare?: number;
  readonly out: string;
  readonly resume?: boolean;
  /** Plain JSON written as the `config` of a new study's header in `config.json` (what resuming it needs). */
  readonly config?: unknown;
  readonly shouldStop?: () => boolean;
  readonly onScore?: (scorer: string, done: number, total: number) => void;
}

/** One architecture of a study. */
export interface StudyArchitecture {
  readonly genotype: string;
  /** `uniform`, or the supernet that prefers it. */
  readonly source: string;
}

/** How well one supernet's scores rank the uniform sample against the truth. */
export interface SupernetAgreement {
  readonly supernet: string;
  readonly kendall_tau: BootstrapInterval;
  readonly spearman_rho: BootstrapInterval;
  readonly pearson: number;
  readonly top_k: { readonly k: number; readonly overlap: BootstrapInterval };
  /** Truth of the best architecture minus truth of the one the supernet scores best. */
  readonly regret: number;
  readonly pick: { readonly genotype: string; readonly supernet: number; readonly truth: number };
  /** Its preferred architectures' truth and their rank among the uniform sample's truths (1 = best). */
  readonly preferred: readonly { readonly genotype: string; readonly truth: number | null; readonly rank: number | null }[];
  readonly op_bias: readonly OpBias[];
  /** How its training spread over the ops (per group, each op's share), when the run logged it. */
  readonly training: {
    readonly kind: TrainingUsage['kind'];
    readonly shares: Record<string, Record<string, number>>;
    readonly groups: TrainingUsage['groups'];
  } | null;
}

export interface BiasReport {
  readonly space: string;
  readonly truth: string;
  readonly k: number;
  readonly seed: string;
  readonly bootstrap: number;
  readonly architectures: readonly (StudyArchitecture & { readonly scores: Readonly<Record<string, number | null>> })[];
  readonly supernets: readonly SupernetAgreement[];
  /** Summed costs per scorer (seconds of compute, or the estimator's unit). */
  readonly cost: Readonly<Record<string, number>>;
}

export type BiasOutcome = { readonly stopped: false; readonly report: BiasReport } | { readonly stopped: true; readonly scored: number };

/** Files of a bias study's directory. */
export const BIAS_FILES = { architectures: 'architectures.json', scores: 'scores.jsonl', report: 'bias.json' } as const;

/** One line of `scores.jsonl`: a scorer's score of the study's architecture `index`. */
export interface ScoreLine {
  readonly scorer: string;
  readonly index: number;
  readonly genotype: string;
  readonly score: number;
  readonly cost: number;
}
