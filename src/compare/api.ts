import type { BootstrapInterval } from '../analysis/stats/index.js';

/** What decides a comparison; `settings.json` of its directory keeps it, so `--resume` continues the same one. */
export interface CompareSettings {
  /** The table (absolute path) every method is judged by and the one-shot searches train on (`--data-from-table`). */
  readonly table: string;
  readonly seeds: number;
  /** Method names, in table order. */
  readonly methods: readonly string[];
  /** The supernet budget: search epochs on the table's training images. */
  readonly epochs: number;
  /** Queries of every black-box strategy: on the table, and of the evolutions on the supernets (matched). */
  readonly queries: number;
  /** Search batch size (absent: `nas search`'s default). */
  readonly batchSize?: number;
  /** Kendall tau of each supernet over min(this, table) distinct architectures of the table. */
  readonly tauArchs: number;
  /** Training snapshots of the first seed's supernets whose tau is measured too (0: none). */
  readonly tauSnapshots: number;
  readonly bootstrap: number;
}

/** The compare directory's files. */
export const COMPARE_FILES = {
  settings: 'settings.json',
  ledger: 'ledger.jsonl',
  /** The table's architectures when the comparison began: the fixed pool tau is measured on. */
  pool: 'pool.json',
  results: 'compare.json',
} as const;

/** A finished search, black-box run or evolution on a supernet: its run directory and the seconds it searched. */
export interface RunRecord {
  readonly step: 'search' | 'evolve' | 'black-box';
  readonly method: string;
  readonly seed: number;
  readonly dir: string;
  readonly seconds: number;
}

/** The method's architecture looked up in the table (trained into it first when it was missing). */
export interface LookupRecord {
  readonly step: 'lookup';
  readonly method: string;
  readonly seed: number;
  readonly genotype: string;
  readonly val: number;
  readonly test: number;
  /** Whether the table lacked it and it was trained with the table's recipe. */
  readonly grown: boolean;
  readonly seconds: number;
}

/** A supernet's rank agreement with the table: at the end of its search, and at some earlier epochs. */
export interface TauRecord {
  readonly step: 'tau';
  readonly method: string;
  readonly seed: number;
  readonly archs: number;
  readonly tau: BootstrapInterval;
  readonly snapshots: readonly { readonly epoch: number; readonly tau: BootstrapInterval }[];
  readonly seconds: number;
}

/** One line of `ledger.jsonl`: a finished step of one (method, seed). */
export type CompareRecord = RunRecord | LookupRecord | TauRecord;

/**
 * Runs `nas ARGS` (in this process or another) and says how it ended; 130
 * means it stopped on request. `shouldStop` is the comparison's stop request:
 * a command in another process is sent SIGINT when it turns true (one in this
 * process hears the signal itself).
 */
export type NasCommand = (args: readonly string[], shouldStop?: () => boolean) => Promise<{ readonly code: number; readonly err: string }>;
