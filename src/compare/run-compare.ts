import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spaceByName } from '../../cells/index.js';
import { writeFileAtomic } from '../checkpoint/index.js';
import { NasError, firstLine } from '../errors.js';
import { appendLedger, resumeLedger } from '../runs/ledger.js';
import { prepareRunDir } from '../runs/run-dir.js';
import { canonicalString } from '../space/index.js';
import { readTable } from '../table/index.js';
import { COMPARE_FILES, type CompareRecord, type CompareSettings, type NasCommand } from './api.js';
import { chooseMethods, type CompareMethod } from './methods.js';
import { compareResults, type CompareResults } from './results.js';
import { METHOD_STEPS, runStep, type StepContext } from './steps.js';
import { tableArchitectures } from './table-pool.js';

export interface RunCompareOptions {
  /** The compare directory; with `resume`, an existing one to continue with its saved settings. */
  readonly out: string;
  readonly resume?: boolean;
  readonly nas: NasCommand;
  /** Arguments every nested command gets (backend, threads). */
  readonly engine?: readonly string[];
  readonly log?: (line: string) => void;
  readonly shouldStop?: () => boolean;
  /**
   * (method, seed) pairs worked on at once (default 1). Their searches and
   * black-box runs use the cores only when `nas` runs them in processes of
   * their own (`childProcessNas`); the steps done in this process (table
   * lookups, which may train into the table, and the tau measurements) take
   * turns, so the table has one writer.
   */
  readonly workers?: number;
}

export type CompareOutcome =
  | { readonly stopped: true; readonly done: number; readonly total: number }
  | { readonly stopped: false; readonly results: CompareResults };

/** Settings checked before anything runs: every one wrong is a one-line `NasError`. */
export function checkCompareSettings(settings: CompareSettings): CompareMethod[] {
  const whole = (name: string, value: number, min: number) => {
    if (!(Number.isInteger(value) && value >= min)) throw new NasError(`--${name} must be a whole number >= ${min}, got ${value}`);
  };
  whole('seeds', settings.seeds, 1);
  whole('epochs', settings.epochs, 1);
  whole('queries', settings.queries, 1);
  whole('tau-archs', settings.tauArchs, 2);
  whole('tau-snapshots', settings.tauSnapshots, 0);
  whole('bootstrap', settings.bootstrap, 1);
  if (settings.batchSize !== undefined) whole('batch-size', settings.batchSize, 1);
  return chooseMethods(settings.methods);
}

/** `where`'s ledger record as a key: one per (method, seed, step). */
const keyOf = (r: { method: string; seed: number; step: string }) => `${r.method}/${r.seed}/${r.step}`;

/**
 * NAS-Bench-201's table of methods (Dong & Yang 2020) on one table: every
 * method of `settings.methods`, for every seed, finds an architecture (one-shot
 * searches on the table's split, evolution on their supernets, black-box
 * strategies on the table within its architectures at a matched number of
 * queries), which is then looked up in the table (trained into it with the
 * table's recipe when missing); each supernet's Kendall tau against the table
 * is measured on one fixed set of the table's architectures. Each finished
 * step is one line of `ledger.jsonl`, so a stopped or killed comparison
 * resumes where it was and never repeats a finished step; a half-done run is
 * continued from its own checkpoint. The results go to `compare.json`.
 */
export async function runCompare(requested: CompareSettings | null, options: RunCompareOptions): Promise<CompareOutcome> {
  const { out } = options;
  const resume = options.resume ?? false;
  const log = options.log ?? (() => {});
  const shouldStop = options.shouldStop ?? (() => false);
  let settings: CompareSettings;
  if (resume) {
    prepareRunDir(out, true, COMPARE_FILES.settings);
    const file = join(out, COMPARE_FILES.settings);
    try {
      settings = JSON.parse(readFileSync(file, 'utf8')) as CompareSettings;
    } catch (error) {
      throw new NasError(`cannot read ${file}: ${firstLine(error)}`);
    }
    if (typeof settings?.table !== 'string' || !Array.isArray(settings.methods))
      throw new NasError(`${file} holds no comparison settings (no table or methods); the directory is damaged`);
  } else {
    if (requested === null) throw new NasError('a new comparison needs its settings');
    settings = requested;
  }
  const methods = checkCompareSettings(settings);
  const workers = options.workers ?? 1;
  if (!(Number.isInteger(workers) && workers >= 1)) throw new NasError(`--workers must be a whole number >= 1, got ${workers}`);
  const table = readTable(settings.table);
  const space = spaceByName(table.header.space);
  if (!resume) {
    // The pool is read (and checked against the space) before the directory is made, so a bad table leaves nothing behind.
    const pool = tableArchitectures(space, settings.table).map(canonicalString);
    prepareRunDir(out, false, COMPARE_FILES.settings);
    await writeFileAtomic(join(out, COMPARE_FILES.pool), `${JSON.stringify(pool)}\n`);
    await writeFileAtomic(join(out, COMPARE_FILES.settings), `${JSON.stringify(settings, null, 2)}\n`);
  }

  const ledgerFile = join(out, COMPARE_FILES.ledger);
  const done = new Map<string, CompareRecord>();
  for (const { record, line } of resumeLedger<CompareRecord>(ledgerFile)) {
    const method = methods.find((m) => m.name === record.method);
    if (
      method === undefined ||
      !Number.isInteger(record.seed) ||
      record.seed < 0 ||
      record.seed >= settings.seeds ||
      !METHOD_STEPS[method.kind].includes(record.step)
    )
      throw new NasError(`${ledgerFile}: line ${line} (${keyOf(record)}) is no step of this comparison`);
    done.set(keyOf(record), record);
  }

  const ctx: StepContext = { settings, out, space, nas: options.nas, engine: options.engine ?? [], log };
  const total = settings.seeds * methods.reduce((n, m) => n + METHOD_STEPS[m.kind].length, 0);
  // Seed by seed, so that an interrupted comparison has every method at its first seeds.
  const pairs = Array.from({ length: settings.seeds }, (_, seed) => methods.map((method) => ({ method, seed }))).flat();
  let failure: { error: unknown } | null = null;
  const stop = () => failure !== null || shouldStop();
  const inTurn = takingTurns();
  const runPair = async ({ method, seed }: { method: CompareMethod; seed: number }): Promise<void> => {
    const steps = METHOD_STEPS[method.kind];
    for (const step of steps) {
      if (done.has(keyOf({ method: method.name, seed, step }))) continue;
      if (stop()) return;
      const mine = new Map(steps.flatMap((s) => done.get(keyOf({ method: method.name, seed, step: s })) ?? []).map((r) => [r.step, r]));
      const run = () => runStep(ctx, { method, seed, done: mine }, step, stop);
      const record = await (step === 'lookup' || step === 'tau' ? inTurn(run) : run());
      if (record === null) return;
      appendLedger(ledgerFile, record);
      done.set(keyOf(record), record);
    }
  };
  let next = 0;
  const lane = async () => {
    while (next < pairs.length && !stop()) {
      const pair = pairs[next++]!;
      try {
        await runPair(pair);
      } catch (error) {
        // The other lanes stop after their current step (a child process is sent SIGINT), then the error is reported.
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
  if (done.size < total) return { stopped: true, done: done.size, total };
  const results = compareResults(settings, [...done.values()], readTable(settings.table));
  await writeFileAtomic(join(out, COMPARE_FILES.results), `${JSON.stringify(results, null, 2)}\n`);
  return { stopped: false, results };
}

/** Runs the functions it is given one at a time, in the order given (a failed one does not block the next). */
function takingTurns(): <T>(run: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (run) => {
    const mine = last.then(run);
    last = mine.catch(() => {});
    return mine;
  };
}
