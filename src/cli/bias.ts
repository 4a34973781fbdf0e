import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { estimatorScorer, runBiasStudy, type BiasReport, type Scorer, type StudySupernet } from '../analysis/index.js';
import { readRunHeaderOf } from '../runs/index.js';
import { initBackend } from '../backend/index.js';
import { NasError } from '../errors.js';
import { RetrainEstimator, SupernetEstimator, TableEstimator, type Estimator } from '../estimators/index.js';
import { LocalPoolScorer, QueueScorer, TRUTH_QUEUE, connectRedis } from '../jobs/index.js';
import {
  addRetrainOptions,
  addSupernetOptions,
  addZeroCostOptions,
  retrainRequestFrom,
  supernetOptionsFrom,
  zeroCostEstimatorFrom,
  rankEstimatorFrom,
  type RetrainFlags,
  type SupernetFlags,
} from './estimator-options.js';
import { intArg, numberArg, rejectSettingsOnResume, engineOptions } from './options.js';
import { runTimestamp } from './run-name.js';
import { listenForStop } from './stop-signals.js';
import { loadSnapshotEnsemble } from '../estimators/snapshot-ensemble.js';
import { FewShotEstimator } from '../estimators/few-shot.js';
import { isFewShotRun } from '../search/few-shot/manifest.js';
import { tablePool } from '../compare/index.js';
import { BATCH_NORM_MODES, type BatchNormMode } from '../train/evaluate.js';

/** The supernet estimator's options from the flags, with the scoring BatchNorm mode when given. */
const supernetScoring = (flags: BiasFlags) => ({
  ...supernetOptionsFrom(flags),
  ...(flags.scoreBatchNorm !== undefined ? { batchNorm: flags.scoreBatchNorm } : {}),
});

interface BiasFlags extends SupernetFlags, RetrainFlags {
  supernet: string[];
  space?: string;
  zcBatchSize: number;
  rankReference: number;
  unique?: boolean;
  truth: string;
  k: number;
  seed: string;
  bootstrap: number;
  topShare: number;
  out?: string;
  resume?: string;
  backend: string;
  threads?: number;
  redis?: string;
  queue: string;
  workers: number;
  ensemble?: number;
  tableGrow?: boolean;
  withinTable?: string;
  scoreBatchNorm?: BatchNormMode;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * A study's name for a supernet: its run directory's name, and for a
 * checkpoint file also the file's (`spos-fmnist@epoch-5` for
 * `spos-fmnist/snapshots/epoch-5.nas`), so snapshots of two runs never clash.
 */
function supernetName(run: string): string {
  const path = resolve(run);
  if (existsSync(path) && statSync(path).isDirectory()) return basename(path);
  const dir = dirname(path);
  const runDir = basename(dir) === 'snapshots' ? dirname(dir) : dir;
  return `${basename(runDir)}@${basename(path, extname(path))}`;
}

/** A `zc:` entry as it is, a supernet run (`supernet:` optional) made absolute. */
const absolutePart = (run: string) => (run.startsWith('zc:') ? run : resolve(run.replace(/^supernet:/, '')));

/** Settings with their paths made absolute, so a study resumes from any directory. */
function absolutePaths(flags: BiasFlags): BiasFlags {
  return {
    ...flags,
    supernet: (flags.supernet ?? []).map((run) =>
      run.startsWith('rank:') ? `rank:${run.slice(5).split(',').map(absolutePart).join(',')}` : absolutePart(run),
    ),
    truth: flags.truth.startsWith('table:') ? `table:${resolve(flags.truth.slice(6))}` : flags.truth,
    ...(flags.dataDir !== undefined && flags.dataDir !== 'embedded' ? { dataDir: resolve(flags.dataDir) } : {}),
    ...(flags.withinTable !== undefined ? { withinTable: resolve(flags.withinTable) } : {}),
  };
}

function readSaved(dir: string): BiasFlags {
  if (!existsSync(join(dir, 'config.json'))) throw new NasError(`cannot resume ${dir}: it has no config.json`);
  return readRunHeaderOf<BiasFlags>(dir, 'bias', `cannot resume ${dir}`).config;
}

const interval = (i: { estimate: number; low: number; high: number }) =>
  Number.isNaN(i.estimate) ? 'n/a (all scores tied)' : `${i.estimate.toFixed(3)} [${i.low.toFixed(3)}, ${i.high.toFixed(3)}]`;

/** The report's headline, one line per supernet. */
export function biasSummary(report: BiasReport): string[] {
  return [
    `${report.k} architectures of the ${report.space} space; truth: ${report.truth}; 95% bootstrap intervals`,
    ...report.supernets.map(
      (s) =>
        `${s.supernet}: Kendall tau ${interval(s.kendall_tau)}, Spearman rho ${interval(s.spearman_rho)}, top-${s.top_k.k} overlap ${interval(s.top_k.overlap)}, regret ${s.regret.toFixed(2)}, most over-rated op ${s.op_bias[0]?.op ?? '-'}`,
    ),
  ];
}

export function registerBias(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  const command = program
    .command('bias')
    .description('weight-sharing bias study: how well trained supernets rank architectures against stand-alone training (or a table)')
    .option(
      '--supernet <run>',
      'a supernet trained by nas search (run directory), zc:NAME (a zero-cost proxy) or rank:SPEC,SPEC... (their mean percentile); repeat for several',
      collect,
    )
    .option('--space <name>', 'search space of the zc: entries when no trained supernet gives it (default nb201)')
    .option('--truth <spec>', 'the ground truth: retrain (short stand-alone training) | table:FILE', 'retrain')
    .option('-k, --k <n>', 'architectures drawn uniformly from the space', intArg, 30)
    .option('--seed <s>', 'seed of the draw, the bootstrap and the trainings', '0')
    .option('--bootstrap <n>', 'bootstrap resamples for the confidence intervals', intArg, 1000)
    .option('--unique', 'draw architectures that differ as computations (isomorphic and dead-edge twins count once), not just as strings')
    .option('--top-share <f>', 'top-k overlap over this share of the architectures', numberArg, 0.1)
    .option(
      '--within-table <file>',
      "draw the architectures from this table's (distinct computations), not the whole space: a partial table truth then needs no training",
    )
    .option('--table-grow', 'with --truth table:FILE, train the architectures the table lacks with its recipe (appended to its ledger)')
    .option(
      '--ensemble <k>',
      'supernets: score each run as the mean rank over its last k snapshots (a run searched with --snapshots)',
      intArg,
    )
    .option(
      '--score-batch-norm <mode>',
      `supernets: BatchNorm while scoring, ${BATCH_NORM_MODES.join(' | ')} (default recalibrated, running with --recalibrate-batches 0)`,
    )
    .option('--out <dir>', 'directory to create (default runs/bias-<time>)')
    .option(
      '--resume <dir>',
      'continue a stopped study with its saved settings (only --workers, --threads, --backend, --redis, --queue may change)',
    );
  engineOptions(command)
    .option('--redis <url>', 'train the truth on nas worker processes through this Redis (default: in this process)')
    .option('--queue <name>', 'queue name for --redis', TRUTH_QUEUE)
    .option('--workers <n>', 'without --redis: trainings at once in child processes, one thread each (1: in this process)', intArg, 1);
  addRetrainOptions(addZeroCostOptions(addSupernetOptions(command, 'supernets: ')), 'truth retrain, zc: ').action(
    async (given: BiasFlags) => {
      // How the truth is trained (workers, threads, Redis) never changes what it measures, so a resume may change it.
      if (given.resume !== undefined) rejectSettingsOnResume(command, 'study', ['backend', 'threads', 'redis', 'queue', 'workers']);
      const saved = given.resume !== undefined ? readSaved(resolve(given.resume)) : undefined;
      const flags = saved
        ? { ...saved, ...(command.getOptionValueSource('workers') === 'cli' ? { workers: given.workers } : {}) }
        : absolutePaths(given);
      const runs = flags.supernet ?? [];
      if (runs.length === 0) throw new NasError('nas bias needs at least one --supernet RUN');
      const dir = resolve(given.resume ?? flags.out ?? `runs/bias-${runTimestamp()}`);
      const engine = await initBackend(given.backend, { threads: given.threads });
      const stop = listenForStop(err);
      const owned: Estimator[] = [];
      const cleanups: (() => Promise<void>)[] = [];
      try {
        const supernets: StudySupernet[] = [];
        // Zero-cost proxies score beside the supernets, on the supernets' space when there are any.
        // A few-shot run (nas few-shot) is scored as one estimator over its sub-supernets, beside zc: and rank: entries.
        const fewShot = (run: string) => !run.startsWith('zc:') && !run.startsWith('rank:') && isFewShotRun(run.replace(/^supernet:/, ''));
        const combined = (run: string) => run.startsWith('zc:') || run.startsWith('rank:') || fewShot(run);
        const trained = runs.filter((run) => !combined(run));
        const zcFlags = { ...flags, space: flags.space ?? (trained.length > 0 ? undefined : 'nb201') };
        const part = (spec: string): Promise<Estimator> =>
          spec.startsWith('zc:')
            ? zeroCostEstimatorFrom(spec, zcFlags)
            : fewShot(spec)
              ? FewShotEstimator.load(spec.replace(/^supernet:/, ''), supernetScoring(flags))
              : SupernetEstimator.load(spec.replace(/^supernet:/, ''), supernetScoring(flags));
        for (const spec of runs.filter(combined)) {
          const estimator = spec.startsWith('rank:')
            ? await rankEstimatorFrom(spec, part, flags)
            : fewShot(spec)
              ? await part(spec)
              : await zeroCostEstimatorFrom(spec, zcFlags);
          owned.push(estimator);
          supernets.push({ scorer: estimatorScorer(estimator.name, estimator), preferred: [] });
        }
        for (const run of trained) {
          const estimator = await SupernetEstimator.load(run, supernetScoring(flags));
          owned.push(estimator);
          // An ensemble scores; the run's own estimator still gives its config, genotype and op usage.
          const scoring =
            flags.ensemble === undefined
              ? estimator
              : await loadSnapshotEnsemble(run, flags.ensemble, supernetScoring(flags), flags.rankReference, flags.seed);
          if (scoring !== estimator) owned.push(scoring);
          const first = (owned.find((e) => e instanceof SupernetEstimator) as SupernetEstimator).config;
          if (estimator.space.name !== first.space)
            throw new NasError(`--supernet ${run} searched the '${estimator.space.name}' space, ${trained[0]} the '${first.space}' space`);
          if (estimator.config.dataset !== first.dataset)
            throw new NasError(`--supernet ${run} was trained on ${estimator.config.dataset}, ${trained[0]} on ${first.dataset}`);
          const { genotype, opUsage } = estimator.run;
          supernets.push({
            scorer: estimatorScorer(
              flags.ensemble === undefined ? supernetName(run) : `${supernetName(run)}@last-${flags.ensemble}`,
              scoring,
            ),
            // The run's derived genotype is its strategy's preferred architecture (a snapshot's: the one derived at its epoch).
            preferred: genotype ? [genotype] : [],
            ...(opUsage ? { training: opUsage } : {}),
          });
        }
        const base = (owned.find((e) => e instanceof SupernetEstimator) as SupernetEstimator | undefined) ?? {
          space: owned[0]!.space,
          config: { dataset: flags.dataset ?? 'cifar10', dataDir: flags.dataDir },
        };
        for (const e of owned)
          if (e.space.name !== base.space.name)
            throw new NasError(`--supernet ${e.name} scores the '${e.space.name}' space, the supernets the '${base.space.name}' space`);
        let truth: Scorer;
        if (flags.truth === 'retrain') {
          // Stand-alone training on the supernets' data unless told otherwise.
          const request = retrainRequestFrom(
            {
              ...flags,
              dataset: flags.dataset ?? base.config.dataset,
              ...((flags.dataDir ?? base.config.dataDir) ? { dataDir: flags.dataDir ?? base.config.dataDir! } : {}),
            },
            flags.seed,
          );
          // Settle bad settings here, before any job is queued.
          const local = new RetrainEstimator(base.space, join(dir, 'retrain'), request, stop.stopRequested);
          if (given.redis ?? flags.redis) {
            const connection = await connectRedis((given.redis ?? flags.redis)!);
            const queued = await QueueScorer.open(connection, base.space, dir, request, { queue: flags.queue });
            cleanups.push(async () => {
              await queued.close();
              connection.disconnect();
            });
            truth = queued;
          } else if (flags.workers > 1) {
            // Children run this same CLI (`nas worker --ipc`), one wasm thread each.
            const cli = process.argv[1]!;
            truth = new LocalPoolScorer(base.space, dir, request, {
              workers: flags.workers,
              spawn: () =>
                spawn(
                  process.execPath,
                  [
                    ...process.execArgv,
                    cli,
                    'worker',
                    '--ipc',
                    '--work-dir',
                    join(dir, 'retrain'),
                    '--threads',
                    '1',
                    '--backend',
                    given.backend,
                  ],
                  {
                    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
                  },
                ),
            });
          } else {
            truth = estimatorScorer('retrain', local);
          }
        } else if (flags.truth.startsWith('table:') && flags.truth.length > 6) {
          truth = estimatorScorer('table', new TableEstimator(base.space, flags.truth.slice(6), { grow: flags.tableGrow === true }));
        } else {
          throw new NasError(`unknown --truth '${flags.truth}' (known: retrain, table:FILE)`);
        }
        err(
          `${given.resume ? 'resuming' : 'studying'} in ${dir} on ${engine.name}: ${supernets.map((s) => s.scorer.name).join(', ')} against ${truth.name}`,
        );
        const every = Math.max(1, Math.round(flags.k / 5));
        // Within a table, the study stays there: a supernet's preferred architecture the table lacks is left out.
        const pool = flags.withinTable !== undefined ? tablePool(base.space, flags.withinTable) : undefined;
        const studied = pool ? supernets.map((s) => ({ ...s, preferred: s.preferred.filter((g) => pool.has(g)) })) : supernets;
        const outcome = await runBiasStudy(base.space, studied, truth, {
          k: flags.k,
          seed: flags.seed,
          bootstrap: flags.bootstrap,
          topShare: flags.topShare,
          unique: flags.unique === true,
          ...(pool ? { within: pool } : {}),
          out: dir,
          resume: given.resume !== undefined,
          config: { ...flags, out: dir },
          shouldStop: stop.stopRequested,
          onScore: (scorer, done, total) => {
            if (done % every === 0 || done === total) err(`${scorer}: ${done}/${total} architectures scored`);
          },
        });
        if (outcome.stopped) {
          err(`stopped with ${outcome.scored} scores kept; continue with: nas bias --resume ${dir}`);
          process.exitCode = 130;
          return;
        }
        for (const line of biasSummary(outcome.report)) out(line);
        out(`written to ${dir}`);
      } finally {
        stop.release();
        for (const e of owned) e.dispose?.();
        for (const c of cleanups) await c();
      }
    },
  );
}
