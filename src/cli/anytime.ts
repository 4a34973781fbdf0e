import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { spaceByName } from '../../cells/index.js';
import { anytimeLines, contenderNames, runAnytime, type AnytimeSettings } from '../anytime/index.js';
import { NasError, firstLine } from '../errors.js';
import { TableEstimator } from '../estimators/index.js';
import { EARLY_STOP_DEFAULTS } from '../fidelity/index.js';
import { intArg, numberArg, rejectSettingsOnResume } from './options.js';
import { runTimestamp } from './run-name.js';
import { listenForStop } from './stop-signals.js';

interface AnytimeFlags {
  table?: string;
  compute?: string;
  out?: string;
  resume?: string;
  contenders?: string;
  seeds: number;
  seed: string;
  maxQueries: number;
  gridPoints: number;
  population: number;
  sample: number;
  eta: number;
  earlyStopMinEpochs: number;
  earlyStopThreshold: number;
}

/** `--compute`: seconds, or `Nx`: N times the table's mean seconds of one whole training. */
function computeSeconds(spec: string, table: string): number {
  const times = /^(\d+(?:\.\d+)?)x$/.exec(spec);
  if (times === null) {
    const seconds = Number(spec);
    if (!(spec.trim() !== '' && Number.isFinite(seconds) && seconds > 0))
      throw new NasError(`--compute must be seconds (e.g. 600) or trainings (e.g. 20x), got '${spec}'`);
    return seconds;
  }
  let space: string;
  try {
    const header = (JSON.parse(readFileSync(table, 'utf8')) as { header?: { space?: unknown } }).header;
    space = typeof header?.space === 'string' ? header.space : 'nb201';
  } catch (error) {
    throw new NasError(`cannot read table ${table}: ${firstLine(error)}`);
  }
  const mean = new TableEstimator(spaceByName(space), table).meanTrainingSeconds();
  if (mean === null) throw new NasError(`--compute ${spec}: table ${table} has no per-epoch curves and seconds to count trainings by`);
  return Number(times[1]) * mean;
}

export function registerAnytime(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  const command = program
    .command('anytime')
    .description(
      'best-so-far accuracy against seconds of training: hyperband, bohb, random search and regularized evolution (with and without --early-stop extrapolate) on one table at equal compute, several seeds (resumable)',
    )
    .option('--table <file>', 'a table built by nas table build, with per-epoch curves and training seconds')
    .option('--compute <s>', "seconds of training each seed may spend, or Nx: N times the table's mean training")
    .option('--out <dir>', 'directory to create (default runs/anytime-<time>)')
    .option('--resume <dir>', 'continue a stopped or killed comparison with its saved settings')
    .option('--contenders <list>', `comma-separated (default all: ${contenderNames().join(', ')})`)
    .option('--seeds <n>', 'seeds per contender', intArg, 5)
    .option('--seed <s>', 'seed string', 'anytime')
    .option('--max-queries <n>', 'queries of one seed at most', intArg, 2000)
    .option('--grid-points <n>', 'points of the compute grid (log-spaced from compute/64 to compute)', intArg, 13)
    .option('--population <n>', 'evolution: population', intArg, 30)
    .option('--sample <n>', 'evolution: tournament size', intArg, 10)
    .option('--eta <n>', 'hyperband, bohb: halving rate', intArg, 3)
    .option('--early-stop-min-epochs <n>', 'evolution-early-stop: epochs before the first decision', intArg, EARLY_STOP_DEFAULTS.minEpochs)
    .option(
      '--early-stop-threshold <p>',
      'evolution-early-stop: stop when P(final > best so far) is below this',
      numberArg,
      EARLY_STOP_DEFAULTS.threshold,
    );
  command.action(async (given: AnytimeFlags) => {
    let settings: AnytimeSettings | null = null;
    if (given.resume !== undefined) rejectSettingsOnResume(command, 'comparison', []);
    else {
      if (given.table === undefined) throw new NasError('nas anytime needs --table FILE (or --resume DIR)');
      if (given.compute === undefined) throw new NasError('nas anytime needs --compute SECONDS (or Nx, N trainings)');
      const table = resolve(given.table);
      settings = {
        table,
        contenders: given.contenders === undefined ? contenderNames() : given.contenders.split(',').map((c) => c.trim()),
        seeds: given.seeds,
        seed: given.seed,
        compute: computeSeconds(given.compute, table),
        maxQueries: given.maxQueries,
        gridPoints: given.gridPoints,
        population: given.population,
        sample: given.sample,
        eta: given.eta,
        earlyStop: { minEpochs: given.earlyStopMinEpochs, threshold: given.earlyStopThreshold },
      };
    }
    const dir = resolve(given.resume ?? given.out ?? `runs/anytime-${runTimestamp()}`);
    const stop = listenForStop(err);
    try {
      err(`${given.resume ? 'resuming' : 'comparing'} in ${dir}`);
      const outcome = await runAnytime(settings, {
        out: dir,
        resume: given.resume !== undefined,
        log: err,
        shouldStop: stop.stopRequested,
      });
      if (outcome.stopped) {
        err(`stopped with ${outcome.done}/${outcome.total} contenders done; continue with: nas anytime --resume ${dir}`);
        process.exitCode = 130;
        return;
      }
      for (const line of anytimeLines(outcome.results)) out(line);
      out(`written to ${dir} (nas report ${dir} draws the curves)`);
    } finally {
      stop.release();
    }
  });
}
