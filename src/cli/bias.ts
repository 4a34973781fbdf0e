import type { Command } from 'commander';
import { resolve } from 'node:path';
import { runBiasStudy } from '../analysis/index.js';
import { initBackend } from '../backend/index.js';
import { NasError } from '../errors.js';
import { SupernetEstimator, type Estimator } from '../estimators/index.js';
import { FewShotEstimator } from '../estimators/few-shot.js';
import { TRUTH_QUEUE } from '../jobs/index.js';
import { tablePool } from '../compare/index.js';
import { BATCH_NORM_MODES } from '../train/evaluate.js';
import { absolutePaths, collect, readSaved, type BiasFlags } from './bias-flags.js';
import { loadStudySupernets, rejectFewShotEnsemble } from './bias-supernets.js';
import { biasSummary } from './bias-summary.js';
import { truthScorer } from './bias-truth.js';
import { addRetrainOptions, addSupernetOptions, addZeroCostOptions } from './estimator-options.js';
import { intArg, numberArg, rejectSettingsOnResume, engineOptions } from './options.js';
import { runTimestamp } from './run-name.js';
import { listenForStop } from './stop-signals.js';

export { biasSummary } from './bias-summary.js';

/**
 * `nas bias`: the weight-sharing bias study's command. The flags and their
 * saved form are in bias-flags.ts, the supernets' loading in
 * bias-supernets.ts, the ground truth in bias-truth.ts; this file wires them
 * to `runBiasStudy` and prints the summary.
 */
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
      'supernets: score each run, also inside rank:, as the mean rank over its last k snapshots (a run searched with --snapshots; not a few-shot run)',
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
      rejectFewShotEnsemble(runs, flags.ensemble);
      const dir = resolve(given.resume ?? flags.out ?? `runs/bias-${runTimestamp()}`);
      const engine = await initBackend(given.backend, { threads: given.threads });
      const stop = listenForStop(err);
      const owned: Estimator[] = [];
      const cleanups: (() => Promise<void>)[] = [];
      try {
        const supernets = await loadStudySupernets(runs, flags, owned);
        // The truth trains on a trained run's data, else a few-shot run's, else the flags' (zc: and rank: entries only).
        const base = (owned.find((e) => e instanceof SupernetEstimator) as SupernetEstimator | undefined) ??
          (owned.find((e) => e instanceof FewShotEstimator) as FewShotEstimator | undefined) ?? {
            space: owned[0]!.space,
            config: { dataset: flags.dataset ?? 'cifar10', dataDir: flags.dataDir },
          };
        for (const e of owned)
          if (e.space.name !== base.space.name)
            throw new NasError(`--supernet ${e.name} scores the '${e.space.name}' space, the supernets the '${base.space.name}' space`);
        const placement = { backend: given.backend, redis: given.redis ?? flags.redis };
        const truth = await truthScorer(flags, placement, base, dir, stop.stopRequested, cleanups);
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
