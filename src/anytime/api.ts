import type { EarlyStopRule } from '../fidelity/index.js';

/** The files of an anytime-comparison directory (each contender's black-box run is the folder `<contender>/` beside them). */
export const ANYTIME_FILES = {
  settings: 'anytime-settings.json',
  /** One line per contender whose seeds have all finished. */
  ledger: 'ledger.jsonl',
  results: 'anytime.json',
} as const;

/** What an anytime comparison runs: saved in the directory, so `--resume` runs the same. */
export interface AnytimeSettings {
  /** The table (absolute path) every contender queries, charging the seconds of training each query stands for. */
  readonly table: string;
  /** Contender names (`CONTENDERS`), in the order they run and are shown. */
  readonly contenders: readonly string[];
  readonly seeds: number;
  /** The seed string; seed s of every contender draws from `${seed}/${s}`. */
  readonly seed: string;
  /** Seconds of training each seed of each contender may spend. */
  readonly compute: number;
  /** A cap on the queries of one seed (answers of trainings already paid for cost nothing). */
  readonly maxQueries: number;
  /** Points of the common compute grid, geometric from compute / 64 to compute. */
  readonly gridPoints: number;
  /** Regularized evolution's population and tournament size. */
  readonly population: number;
  readonly sample: number;
  /** Hyperband's and BOHB's halving rate. */
  readonly eta: number;
  /** The learning-curve rule of `evolution-early-stop`. */
  readonly earlyStop: EarlyStopRule;
}

/** The incumbent of one seed from a point of its compute on: the table's final val and test of it. */
export interface AnytimePoint {
  /** Seconds of training spent when this incumbent was chosen. */
  readonly compute: number;
  readonly genotype: string;
  readonly val: number;
  readonly test: number;
}

/** One seed of one contender: its incumbent after each change, and the compute it spent in all. */
export interface AnytimeTrajectory {
  readonly points: readonly AnytimePoint[];
  readonly spent: number;
  readonly queries: number;
}

/** A ledger line: a contender whose seeds have all finished. */
export interface AnytimeRecord {
  readonly contender: string;
  readonly seeds: readonly AnytimeTrajectory[];
}

export interface Spread {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** A contender on the common grid: at each compute, the spread over seeds of its incumbent's val and test (null until every seed has one). */
export interface ContenderCurve {
  readonly contender: string;
  readonly val: readonly (Spread | null)[];
  readonly test: readonly (Spread | null)[];
  /** Mean queries and seconds spent per seed. */
  readonly queries: number;
  readonly spent: number;
}

/** `anytime.json`. */
export interface AnytimeResults {
  readonly table: string;
  readonly seeds: number;
  readonly compute: number;
  readonly grid: readonly number[];
  readonly contenders: readonly ContenderCurve[];
  /** The table's best final val and that architecture's test: where every curve would end with unlimited compute. */
  readonly optimum: { readonly val: number; readonly test: number };
}
