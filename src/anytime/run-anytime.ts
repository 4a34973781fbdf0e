import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spaceByName } from '../../cells/index.js';
import { BLACK_BOX_FILES, type RecordedQuery, runBlackBox } from '../black-box/index.js';
import { writeFileAtomic } from '../checkpoint/index.js';
import { tablePool } from '../compare/index.js';
import { NasError, firstLine } from '../errors.js';
import { TableEstimator } from '../estimators/index.js';
import { checkEarlyStopRule } from '../fidelity/index.js';
import { appendLedger, ledgerRecords, resumeLedger } from '../runs/ledger.js';
import { prepareRunDir } from '../runs/run-dir.js';
import { parseGenotype } from '../space/index.js';
import type { SearchSpace } from '../space/api.js';
import { ANYTIME_FILES, type AnytimeRecord, type AnytimeResults, type AnytimeSettings } from './api.js';
import { contenderByName } from './contenders.js';
import { computeGrid, onGrid, spread } from './grid.js';
import { incumbentTrajectory } from './incumbent.js';

export interface RunAnytimeOptions {
  /** The comparison directory; with `resume`, an existing one to continue with its saved settings. */
  readonly out: string;
  readonly resume?: boolean;
  readonly log?: (line: string) => void;
  readonly shouldStop?: () => boolean;
}

export type AnytimeOutcome =
  | { readonly stopped: true; readonly done: number; readonly total: number }
  | { readonly stopped: false; readonly results: AnytimeResults };

/** Settings checked before anything runs: each wrong one is a one-line `NasError`. */
export function checkAnytimeSettings(s: AnytimeSettings): void {
  const whole = (name: string, value: number, min: number) => {
    if (!(Number.isInteger(value) && value >= min)) throw new NasError(`--${name} must be a whole number >= ${min}, got ${value}`);
  };
  whole('seeds', s.seeds, 1);
  whole('max-queries', s.maxQueries, 1);
  whole('grid-points', s.gridPoints, 1);
  whole('population', s.population, 1);
  whole('sample', s.sample, 1);
  whole('eta', s.eta, 2);
  if (s.sample > s.population) throw new NasError(`--sample ${s.sample} is larger than --population ${s.population}`);
  if (!(Number.isFinite(s.compute) && s.compute > 0))
    throw new NasError(`--compute must be a positive number of seconds, got ${s.compute}`);
  if (s.contenders.length === 0) throw new NasError('--contenders names none');
  if (new Set(s.contenders).size !== s.contenders.length) throw new NasError(`--contenders names one twice: ${s.contenders.join(',')}`);
  for (const c of s.contenders) contenderByName(c);
  checkEarlyStopRule(s.earlyStop);
}

interface TableFile {
  readonly header?: { readonly space?: unknown };
  readonly archs?: Record<string, { readonly val?: unknown; readonly test?: unknown }>;
}

function readTableFile(file: string): TableFile {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as TableFile;
  } catch (error) {
    throw new NasError(`cannot read table ${file}: ${firstLine(error)}`);
  }
}

/** The table's best final val and that architecture's test. */
function optimumOf(file: TableFile): { val: number; test: number } {
  let best = { val: -Infinity, test: Number.NaN };
  for (const row of Object.values(file.archs ?? {}))
    if (typeof row.val === 'number' && typeof row.test === 'number' && row.val > best.val) best = { val: row.val, test: row.test };
  return best;
}

/** The seeds' histories of a finished black-box run, as its `history.jsonl` holds them. */
function historiesOf(dir: string, seeds: number): RecordedQuery[][] {
  const bySeed: RecordedQuery[][] = Array.from({ length: seeds }, () => []);
  for (const line of ledgerRecords<RecordedQuery & { seed: number }>(join(dir, BLACK_BOX_FILES.history))) bySeed[line.seed]!.push(line);
  return bySeed;
}

/**
 * Issue 27's anytime comparison: every contender (random search, regularized
 * evolution with and without learning-curve early stopping, Hyperband, BOHB)
 * searches the table's architectures for `seeds` seeds at equal compute:
 * each seed may spend `compute` seconds of training, every query charged
 * the seconds the table recorded for training that architecture, scaled to
 * the epochs it asks, less what the seed already trained of it (a promoted
 * or re-asked architecture continues its training). A seed's best-so-far is
 * its incumbent (`incumbentTrajectory`) valued by the table's final val and
 * test, and the curves are the spread over seeds on a common log-spaced
 * compute grid. Each contender is a black-box run in `<out>/<contender>/`
 * (resumable query by query, reportable on its own); a finished one is a
 * line of `ledger.jsonl`, so a killed comparison resumes where it was.
 * The results go to `anytime.json`; `nas report` draws them.
 */
export async function runAnytime(requested: AnytimeSettings | null, options: RunAnytimeOptions): Promise<AnytimeOutcome> {
  const { out } = options;
  const resume = options.resume ?? false;
  const log = options.log ?? (() => {});
  let settings: AnytimeSettings;
  if (resume) {
    prepareRunDir(out, true, ANYTIME_FILES.settings);
    settings = JSON.parse(readFileSync(join(out, ANYTIME_FILES.settings), 'utf8')) as AnytimeSettings;
  } else {
    if (requested === null) throw new NasError('a new anytime comparison needs its settings');
    settings = requested;
  }
  checkAnytimeSettings(settings);
  const file = readTableFile(settings.table);
  const space = spaceByName(typeof file.header?.space === 'string' ? file.header.space : 'nb201');
  // Made before the directory, so a table without per-epoch curves and seconds leaves nothing behind.
  const truth = new TableEstimator(space, settings.table);
  // One table charging seconds for every contender: each seed begins a new search on it (its trained epochs forgotten).
  const table = new TableEstimator(space, settings.table, { seconds: true });
  const maxEpochs = table.maxEpochs!;
  const within = tablePool(space, settings.table);
  // Every contender made once now, so a setting one of them refuses (an early-stop minimum at the recipe's epochs) is one line before anything runs.
  for (const name of settings.contenders) {
    const contender = contenderByName(name);
    contender.strategy(settings, within);
    contender.estimator?.(table, settings);
  }
  if (!resume) {
    prepareRunDir(out, false, ANYTIME_FILES.settings);
    await writeFileAtomic(join(out, ANYTIME_FILES.settings), `${JSON.stringify(settings, null, 2)}\n`);
  }
  const ledgerFile = join(out, ANYTIME_FILES.ledger);
  const done = new Map<string, AnytimeRecord>();
  for (const { record, line } of resumeLedger<AnytimeRecord>(ledgerFile)) {
    if (!settings.contenders.includes(record.contender) || !Array.isArray(record.seeds) || record.seeds.length !== settings.seeds)
      throw new NasError(`${ledgerFile}: line ${line} (${String(record.contender)}) is no contender of this comparison`);
    done.set(record.contender, record);
  }
  const value = valueIn(space, truth);
  for (const name of settings.contenders) {
    if (done.has(name)) continue;
    const contender = contenderByName(name);
    const dir = join(out, name);
    log(`${name}: ${settings.seeds} seed(s) x ${settings.compute.toFixed(1)} s of training`);
    const outcome = await runBlackBox(contender.strategy(settings, within), contender.estimator?.(table, settings) ?? table, {
      budget: settings.maxQueries,
      seeds: settings.seeds,
      seed: settings.seed,
      out: dir,
      resume: existsSync(join(dir, BLACK_BOX_FILES.history)),
      computeBudget: settings.compute,
      config: { command: name, flags: { estimator: `table:${settings.table}`, anytime: out } },
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
    if (outcome.stopped) return { stopped: true, done: done.size, total: settings.contenders.length };
    const record: AnytimeRecord = {
      contender: name,
      seeds: historiesOf(dir, settings.seeds).map((h) => incumbentTrajectory(h, maxEpochs, value)),
    };
    appendLedger(ledgerFile, record);
    done.set(name, record);
  }
  const results = anytimeResults(settings, [...done.values()], optimumOf(file));
  await writeFileAtomic(join(out, ANYTIME_FILES.results), `${JSON.stringify(results, null, 2)}\n`);
  return { stopped: false, results };
}

/** The table's final val and test of an architecture (by its string, as histories hold it). */
function valueIn(space: SearchSpace, truth: TableEstimator) {
  return (genotype: string) => {
    const row = truth.finalOf(parseGenotype(space, genotype));
    if (row === null) throw new NasError(`${genotype} was asked but the table has no row for it`);
    return row;
  };
}

/** The contenders' curves on the common grid, in the settings' order. */
export function anytimeResults(
  settings: AnytimeSettings,
  records: readonly AnytimeRecord[],
  optimum: { val: number; test: number },
): AnytimeResults {
  const grid = computeGrid(settings.compute, settings.gridPoints);
  const byName = new Map(records.map((r) => [r.contender, r]));
  return {
    table: settings.table,
    seeds: settings.seeds,
    compute: settings.compute,
    grid,
    optimum,
    contenders: settings.contenders.map((name) => {
      const seeds = byName.get(name)!.seeds;
      return {
        contender: name,
        ...onGrid(seeds, grid),
        queries: spread(seeds.map((s) => s.queries)).mean,
        spent: spread(seeds.map((s) => s.spent)).mean,
      };
    }),
  };
}
