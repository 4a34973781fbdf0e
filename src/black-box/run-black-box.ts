import { join } from 'node:path';
import { writeFileAtomic } from '../checkpoint/index.js';
import { appendLedger, resumeLedger } from '../runs/ledger.js';
import { writeRunConfig } from '../runs/open-run.js';
import { prepareRunDir } from '../runs/run-dir.js';
import { NasError } from '../errors.js';
import { EstimateStopped, type Estimator } from '../estimators/api.js';
import { createRng } from '../random/index.js';
import type { Query, BlackBoxStrategy } from './api.js';
import { ComputeSpent, type RecordedQuery, ReplayEstimator } from './replay-estimator.js';

/** Files of a black-box run directory. */
export const BLACK_BOX_FILES = { config: 'config.json', history: 'history.jsonl', result: 'result.json' } as const;

/** Mean and sample standard deviation. */
function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, std };
}

/** The best architecture one seed queried (by score). */
export interface SeedBest {
  readonly seed: number;
  readonly genotype: string;
  readonly score: number;
  readonly test: number | null;
  /** The strategy's own report of the seed (a Pareto front ...), when it has one. */
  readonly report?: unknown;
}

/** What `runBlackBox` writes to `result.json`. */
export interface BlackBoxResult {
  readonly strategy: string;
  readonly estimator: string;
  readonly budget: number;
  readonly seeds: number;
  /** Over seeds: the final best score, and the reported test score of that architecture. */
  readonly best_score: { mean: number; std: number };
  readonly best_test: { mean: number; std: number } | null;
  /** Per query count 1..budget, the mean over seeds of the best-so-far test (or score) : the search curve. */
  readonly curve: number[];
  /** The best architecture over all seeds, and each seed's. */
  readonly best: SeedBest;
  readonly per_seed: SeedBest[];
  /** Sum of the estimator's query costs (seconds of supernet compute, 1 per table lookup ...). */
  readonly cost: number;
  /** Wall-clock seconds, resumed sessions included. */
  readonly seconds: number;
}

export interface RunBlackBoxOptions {
  readonly budget: number;
  readonly seeds: number;
  readonly seed: string;
  /** The run directory; with `resume`, an existing run to continue. */
  readonly out: string;
  readonly resume?: boolean;
  /**
   * The compute each seed may spend, in the estimator's cost unit (seconds of
   * training on a table charging seconds, or on retrain): a seed asks no new
   * query once its costs reach it, so its last query may pass it. `budget`
   * still caps the queries.
   */
  readonly computeBudget?: number;
  /** Plain JSON written as the `config` of a new run's header in `config.json` (what resuming it needs). */
  readonly config?: unknown;
  /** Polled before each new query: the run returns (history kept) to be resumed later. */
  readonly shouldStop?: () => boolean;
  readonly onQuery?: (seed: number, q: Query) => void;
  readonly onSeed?: (seed: number, history: readonly Query[]) => void;
}

export type RunBlackBoxOutcome =
  | { readonly stopped: false; readonly result: BlackBoxResult }
  | { readonly stopped: true; readonly queries: number };

/** A history line as written: the query and its seed. */
type HistoryLine = RecordedQuery & { readonly seed: number; readonly ms?: number };

/**
 * The complete lines of `history.jsonl` by seed, and their milliseconds; the
 * file is left holding just them (a line cut by a kill is truncated away).
 */
function resumeHistory(file: string, seeds: number): { bySeed: RecordedQuery[][]; count: number; ms: number } {
  const bySeed: RecordedQuery[][] = Array.from({ length: seeds }, () => []);
  const kept = resumeLedger<HistoryLine>(file);
  let ms = 0;
  for (const { record, line } of kept) {
    const { seed, ms: lineMs, ...q } = record;
    if (!Number.isInteger(seed) || seed < 0 || seed >= seeds)
      throw new NasError(`${file}: line ${line} has seed ${seed}, the run has ${seeds}`);
    if (q.index !== bySeed[seed]!.length)
      throw new NasError(`${file}: line ${line} is query ${q.index} of seed ${seed}, expected ${bySeed[seed]!.length}`);
    bySeed[seed]!.push(q);
    ms += lineMs ?? 0;
  }
  return { bySeed, count: kept.length, ms };
}

/**
 * Run a black-box strategy `seeds` times (seeds `${seed}/0` ...) with
 * `budget` queries each in `out`: `config.json`, `history.jsonl` (one line
 * per query as it is answered: seed, index, genotype, score, test, cost, best
 * so far), and at the end `result.json`. A stopped or killed run resumes from
 * its history: the strategy is re-run and the queries it already made are
 * answered from the file, so it continues exactly where it was.
 */
export async function runBlackBox(
  strategy: BlackBoxStrategy,
  estimator: Estimator,
  options: RunBlackBoxOptions,
): Promise<RunBlackBoxOutcome> {
  const { budget, seeds, out } = options;
  const resume = options.resume ?? false;
  prepareRunDir(out, resume, BLACK_BOX_FILES.history);
  const historyFile = join(out, BLACK_BOX_FILES.history);
  // A new run starts an empty history; a resumed one keeps its complete lines.
  if (!resume) await writeFileAtomic(historyFile, '');
  const kept = resumeHistory(historyFile, seeds);
  const recorded = kept.bySeed;
  const started = performance.now();
  if (!resume && options.config !== undefined) await writeRunConfig(out, 'black-box', options.config);
  let answered = kept.count;

  const runs: Query[][] = [];
  const reports: unknown[] = [];
  let last = performance.now();
  for (let s = 0; s < seeds; s++) {
    const old = recorded[s]!;
    const replay = new ReplayEstimator(estimator, old, out, options.shouldStop ?? (() => false), options.computeBudget);
    const seen: Query[] = [];
    let history: Query[];
    try {
      history = await strategy.run(replay, budget, createRng(`${options.seed}/${s}`), (q) => {
        seen.push(q);
        if (q.index < old.length) return;
        const now = performance.now();
        const stopped = replay.last?.genotype === q.genotype ? replay.last.estimate.stoppedAt : undefined;
        appendLedger(historyFile, { seed: s, ...q, ...(stopped !== undefined ? { stopped } : {}), ms: Math.round(now - last) });
        last = now;
        answered++;
        options.onQuery?.(s, q);
      });
    } catch (error) {
      if (error instanceof EstimateStopped) return { stopped: true, queries: answered };
      if (!(error instanceof ComputeSpent)) throw error;
      history = seen;
    }
    runs.push(history);
    reports.push(strategy.report?.());
    options.onSeed?.(s, history);
  }
  const finals = runs.map((h) => h.at(-1)!);
  const tests = finals.map((q) => q.bestTest);
  const haveTest = tests.every((t): t is number => t !== null);
  // A strategy stops short of the budget only when the space runs out: its best stays what it was.
  const at = (h: readonly Query[], i: number) => h[Math.min(i, h.length - 1)]!;
  // With a compute budget the seeds end at different query counts: the curve runs to the longest.
  const curve = Array.from(
    { length: options.computeBudget === undefined ? budget : Math.max(...runs.map((h) => h.length)) },
    (_, i) => meanStd(runs.map((h) => (haveTest ? at(h, i).bestTest! : at(h, i).bestScore))).mean,
  );
  const perSeed = runs.map((h, seed): SeedBest => {
    const best = h.reduce((a, b) => (b.score > a.score ? b : a));
    const report = reports[seed];
    return { seed, genotype: best.genotype, score: best.score, test: best.test, ...(report !== undefined ? { report } : {}) };
  });
  const result: BlackBoxResult = {
    strategy: strategy.name,
    estimator: estimator.name,
    budget,
    seeds,
    best_score: meanStd(finals.map((q) => q.bestScore)),
    best_test: haveTest ? meanStd(tests as number[]) : null,
    curve: curve.map((v) => Math.round(v * 1000) / 1000),
    best: perSeed.reduce((a, b) => (b.score > a.score ? b : a)),
    per_seed: perSeed,
    cost: runs.flat().reduce((c, q) => c + q.cost, 0),
    seconds: (kept.ms + performance.now() - started) / 1000,
  };
  await writeFileAtomic(join(out, BLACK_BOX_FILES.result), `${JSON.stringify(result, null, 2)}\n`);
  return { stopped: false, result };
}
