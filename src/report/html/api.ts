import type { TopLevelSpec } from 'vega-lite';
import type { BiasReport } from '../../analysis/index.js';
import type { RetrainEpochRecord, RetrainResult } from '../../retrain/index.js';
import type { EpochRecord, RunHeader } from '../../runs/index.js';
import type { BlackBoxResult, Query } from '../../black-box/index.js';

/**
 * A run directory as the report reads it. The kinds are the four folders the
 * toolkit writes (`nas search`, `nas retrain`, the black-box commands,
 * `nas bias`); each holds exactly what its writer put there, typed with the
 * writer's own record types so a change to a log format fails to compile here.
 */
export type ReportRun = SearchRun | RetrainRun | BlackBoxRun | BiasRun;

/** `config.json` of a search or retraining run: its run header around the resolved config. */
export type TrainingConfigFile = RunHeader<Readonly<Record<string, unknown>>>;

/** The `config` of a black-box run's header: the command and its flags. */
export interface BlackBoxConfig {
  readonly command: string;
  readonly flags: Readonly<Record<string, unknown>>;
}

/** A supernet search (`nas search`): one `log.jsonl` record per epoch, with the softmaxed alphas. */
export interface SearchRun {
  readonly kind: 'search';
  readonly dir: string;
  readonly config: TrainingConfigFile;
  readonly log: readonly EpochRecord[];
  /** `result.json`; null while the search has not finished. */
  readonly result: { readonly genotype: string; readonly epochs: number; readonly seconds: number } | null;
}

/** A stand-alone retraining (`nas retrain`): one `log.jsonl` record per epoch with test metrics. */
export interface RetrainRun {
  readonly kind: 'retrain';
  readonly dir: string;
  readonly config: TrainingConfigFile;
  readonly log: readonly RetrainEpochRecord[];
  readonly result: RetrainResult | null;
}

/** One line of a black-box run's `history.jsonl`. */
export type HistoryRecord = Query & { readonly seed: number; readonly ms?: number };

/** A black-box search (`nas evolve|random|local|pareto`): every query, per seed. */
export interface BlackBoxRun {
  readonly kind: 'black-box';
  readonly dir: string;
  readonly config: RunHeader<BlackBoxConfig>;
  readonly history: readonly HistoryRecord[];
  readonly result: BlackBoxResult | null;
}

/** A weight-sharing bias study (`nas bias`): `bias.json`, and its header (the flags) when `config.json` was written. */
export interface BiasRun {
  readonly kind: 'bias';
  readonly dir: string;
  readonly config: RunHeader | null;
  readonly report: BiasReport;
}

/** One chart of a report: a file stem (`curves` -> `curves.svg`, `curves.png`), a heading, and its vega-lite spec. */
export interface Figure {
  readonly name: string;
  readonly title: string;
  /** One sentence under the figure: what is plotted, so the page reads without the code. */
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

/** A figure rendered to SVG. */
export interface RenderedFigure extends Omit<Figure, 'spec'> {
  readonly svg: string;
}

/** A small table of the numbers that matter for the run: a header row and text cells. */
export interface KeyTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}
