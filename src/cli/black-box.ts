import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { initBackend } from '../backend/index.js';
import { NasError } from '../errors.js';
import { readRunHeaderOf } from '../runs/index.js';
import { type Estimator, zcProxyNames } from '../estimators/index.js';
import {
  BLACK_BOX_FILES,
  MultiObjectiveEvolution,
  type FrontPoint,
  runBlackBox,
  type BlackBoxStrategy,
  type Query,
} from '../black-box/index.js';
import { tablePool } from '../compare/index.js';
import type { ArchitectureMoves } from '../space/index.js';
import { intArg, rejectSettingsOnResume, engineOptions } from './options.js';
import { runTimestamp } from './run-name.js';
import { listenForStop } from './stop-signals.js';
import { absoluteSpec, estimatorFrom, estimatorKind } from './black-box-estimator.js';
import {
  addRetrainOptions,
  addSupernetOptions,
  addZeroCostOptions,
  addEarlyStopOptions,
  withEarlyStop,
  type EarlyStopFlags,
  type RetrainFlags,
  type SupernetFlags,
} from './estimator-options.js';

/** The flags of a black-box command; `config.json` keeps them so `--resume` rebuilds the same run. */
export interface BlackBoxFlags extends SupernetFlags, RetrainFlags, EarlyStopFlags {
  estimator?: string;
  zcBatchSize: number;
  rankReference: number;
  tableGrow?: boolean;
  space?: string;
  budget: number;
  seeds: number;
  seed: string;
  out?: string;
  resume?: string;
  backend: string;
  threads?: number;
  [strategyOption: string]: unknown;
}

/** The `config` of a black-box run's header: which command ran, with which flags. */
interface SavedConfig {
  readonly command: string;
  readonly flags: BlackBoxFlags;
}

function readSaved(dir: string): SavedConfig {
  if (!existsSync(join(dir, BLACK_BOX_FILES.config))) throw new NasError(`cannot resume ${dir}: it has no ${BLACK_BOX_FILES.config}`);
  return readRunHeaderOf<SavedConfig>(dir, 'black-box', `cannot resume ${dir}`).config;
}

/** Progress over all seeds' queries: plain lines about every tenth of the run, and one per seed. */
function queryReporter(total: number, budget: number, write: (line: string) => void) {
  const every = Math.max(1, Math.round(total / 10));
  let done = 0;
  return {
    query(seed: number, q: Query) {
      done = seed * budget + q.index + 1;
      if (done % every === 0 && q.index + 1 < budget)
        write(
          `seed ${seed + 1} query ${q.index + 1}/${budget}: best score ${q.bestScore.toFixed(2)}${q.bestTest !== null ? ` (test ${q.bestTest.toFixed(2)})` : ''}`,
        );
    },
    seed(seed: number, history: readonly Query[]) {
      const q = history.at(-1)!;
      write(
        `seed ${seed + 1} done (${done}/${total} queries): best score ${q.bestScore.toFixed(2)}${q.bestTest !== null ? ` (test ${q.bestTest.toFixed(2)})` : ''}`,
      );
    },
  };
}

/** Registers a black-box command: the shared estimator, budget, seed and resume flags around `make`'s strategy. */
export function register(
  program: Command,
  name: string,
  description: string,
  make: (flags: BlackBoxFlags, estimator: Estimator) => BlackBoxStrategy,
  out: (line: string) => void,
  err: (line: string) => void,
): Command {
  const command = program
    .command(name)
    .description(description)
    .option(
      '--estimator <spec>',
      `table:FILE (a NAS-Bench-201-shaped JSON table) | supernet:RUN (a trained supernet: search run directory or checkpoint) | retrain (short stand-alone training) | zc:NAME (a zero-cost proxy of the untrained network: ${zcProxyNames().join(', ')}; --dataset gives its input, default cifar10) | rank:SPEC,SPEC... (the mean percentile of several, e.g. rank:supernet:RUN,zc:synflow)`,
    )
    .option('--space <name>', "search space (table, retrain: default nb201; supernet: the run's)")
    .option('--table-grow', "table: train an architecture the table lacks with the table's recipe and add it (else: an error naming it)")
    .option('--budget <n>', 'queries per seed', intArg, 100)
    .option('--seeds <k>', 'independent runs', intArg, 1)
    .option('--seed <s>', 'base seed', '0')
    .option('--out <dir>', `directory to create (default runs/${name}-<time>)`)
    .option('--resume <dir>', 'continue a stopped or killed run with its saved settings (only --backend, --threads may change)');
  engineOptions(command, 'supernet, retrain: ');
  return addEarlyStopOptions(addRetrainOptions(addZeroCostOptions(addSupernetOptions(command)))).action(
    async (given: BlackBoxFlags, self: Command) => {
      if (given.resume !== undefined) rejectSettingsOnResume(self, 'run', ['backend', 'threads']);
      const saved = given.resume !== undefined ? readSaved(resolve(given.resume)) : null;
      if (saved && saved.command !== name)
        throw new NasError(`${given.resume} is a '${saved.command}' run; resume it with nas ${saved.command} --resume ${given.resume}`);
      // Paths made absolute before they are saved, so a run resumes from any directory.
      const flags = saved?.flags ?? {
        ...given,
        ...(given.estimator !== undefined ? { estimator: absoluteSpec(given.estimator) } : {}),
        ...(given.dataDir !== undefined && given.dataDir !== 'embedded' ? { dataDir: resolve(given.dataDir) } : {}),
        ...(typeof given['withinTable'] === 'string' ? { withinTable: resolve(given['withinTable']) } : {}),
      };
      if (flags.estimator === undefined) throw new NasError(`nas ${name} needs --estimator table:FILE | supernet:RUN | retrain`);
      if (!(flags.budget > 0)) throw new NasError(`--budget must be a positive integer, got ${flags.budget}`);
      if (!(flags.seeds > 0)) throw new NasError(`--seeds must be a positive integer, got ${flags.seeds}`);
      const kind = estimatorKind(flags.estimator);
      const dir = resolve(given.resume ?? flags.out ?? `runs/${name}-${runTimestamp()}`);
      // Estimators that train or run networks, and cost objectives (they build them), need a tensor backend.
      const engine =
        kind === 'table' && !flags.tableGrow && name !== 'pareto' && flags['prior'] === undefined
          ? null
          : await initBackend(given.backend, { threads: given.threads });
      const stop = listenForStop(err);
      let estimator: Estimator;
      try {
        estimator = withEarlyStop(flags, await estimatorFrom(flags, dir, stop.stopRequested));
      } catch (error) {
        stop.release();
        throw error;
      }
      let strategy: BlackBoxStrategy;
      try {
        strategy = make(flags, estimator);
        if (saved && strategy instanceof MultiObjectiveEvolution && strategy.objectives.some((o) => o.name === 'latency')) {
          throw new NasError(
            `${given.resume}: a search on measured latency cannot resume exactly (latency is measured again); start it anew`,
          );
        }
      } catch (error) {
        stop.release();
        estimator.dispose?.();
        throw error;
      }
      if (engine) err(`${saved ? 'resuming' : 'searching'} in ${dir} on ${engine.name} with ${estimator.name}`);
      const reporter = queryReporter(flags.budget * flags.seeds, flags.budget, err);
      try {
        const outcome = await runBlackBox(strategy, estimator, {
          budget: flags.budget,
          seeds: flags.seeds,
          seed: flags.seed,
          out: dir,
          resume: saved !== null,
          config: { command: name, flags: { ...flags, out: dir } } satisfies SavedConfig,
          shouldStop: stop.stopRequested,
          onQuery: (s, q) => reporter.query(s, q),
          onSeed: (s, h) => reporter.seed(s, h),
        });
        if (outcome.stopped) {
          err(`stopped after ${outcome.queries} queries; continue with: nas ${name} --resume ${dir}`);
          process.exitCode = 130;
          return;
        }
        const result = outcome.result;
        const f = (m: { mean: number; std: number }) => `${m.mean.toFixed(2)} +- ${m.std.toFixed(2)}`;
        out(
          `${result.strategy}, ${flags.seeds} seed(s) x ${flags.budget} queries: best score ${f(result.best_score)}${result.best_test ? `, its test ${f(result.best_test)}` : ''} (${result.seconds.toFixed(1)} s)`,
        );
        out(`best architecture (seed ${result.best.seed + 1}, score ${result.best.score.toFixed(2)}): ${result.best.genotype}`);
        if (strategy instanceof MultiObjectiveEvolution) {
          const front = (result.per_seed[0]!.report as { front: FrontPoint[] }).front;
          out(`Pareto front of seed 1 (${front.length} architectures), score vs ${strategy.objectives.map((o) => o.name).join(', ')}:`);
          for (const p of front)
            out(
              `  ${p.score.toFixed(2)}  ${Object.values(p.objectives)
                .map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(3)))
                .join('  ')}  ${p.genotype}`,
            );
        }
        out(`written to ${dir}`);
      } finally {
        stop.release();
        estimator.dispose?.();
      }
    },
  );
}

/** `--within-table FILE`: the strategy's moves restricted to the table's architectures (absent: the whole space). */
export function within(flags: BlackBoxFlags, estimator: Estimator): { within?: ArchitectureMoves } {
  const file = flags['withinTable'];
  return typeof file === 'string' ? { within: tablePool(estimator.space, file) } : {};
}

export const WITHIN_TABLE_HELP =
  "draw, mutate and step only among the architectures of this table (a partial one's; uniform over its distinct computations), e.g. the table the estimator reads";
