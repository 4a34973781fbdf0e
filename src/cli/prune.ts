import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { BootstrapInterval } from '../analysis/stats/index.js';
import { initBackend } from '../backend/index.js';
import { NasError } from '../errors.js';
import { runPrune } from '../search/prune/index.js';
import { addSupernetOptions, supernetOptionsFrom, type SupernetFlags } from './estimator-options.js';
import { engineOptions, intArg, numberArg, rejectSettingsOnResume } from './options.js';
import { searchReporter } from './progress.js';
import { runTimestamp } from './run-name.js';
import { listenForStop } from './stop-signals.js';

interface PruneFlags extends SupernetFlags {
  from?: string;
  keep: number;
  withinTable?: string;
  k?: number;
  seed: string;
  epochs?: number;
  weightLr?: number;
  truth?: string;
  bootstrap: number;
  out?: string;
  resume?: string;
  backend: string;
  threads?: number;
}

const interval = (i: BootstrapInterval) => `${i.estimate.toFixed(3)} [${i.low.toFixed(3)}, ${i.high.toFixed(3)}]`;

/** `nas prune`: prune-and-fine-tune (Ning et al. 2021) a trained SPOS supernet, and with --truth say how its ranking changed. */
export function registerPrune(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  const command = program
    .command('prune')
    .description(
      'prune-and-fine-tune (Ning et al. 2021): rank a pool with a trained supernet, keep its top share, train the supernet further on the kept architectures only; the fine-tuned supernet is DIR/fine-tune (a search run nas bias scores)',
    )
    .option('--from <run>', 'the trained supernet: a search run directory, its checkpoint.nas or a snapshots/epoch-<n>.nas')
    .option('--keep <share>', 'share of the pool kept (default 0.1)', numberArg, 0.1)
    .option('--within-table <file>', "the pool: this table's architectures (default: the space's distinct computations)")
    .option('--k <n>', 'without --within-table: a seeded sample of n distinct computations as the pool (default all)', intArg)
    .option('--seed <s>', 'seed of the --k sample', '0')
    .option('--epochs <n>', 'fine-tuning epochs on the kept architectures', intArg)
    .option('--weight-lr <lr>', "fine-tuning's initial learning rate (default: where the parent's cosine schedule had reached)", numberArg)
    .option(
      '--truth <spec>',
      'table:FILE: score the pool before and after against it (Kendall tau over the pool and within the kept share)',
    )
    .option('--bootstrap <n>', 'bootstrap resamples for the intervals', intArg, 1000)
    .option('--out <dir>', 'directory to create (default runs/prune-<time>)')
    .option('--resume <dir>', 'continue a stopped prune run with its own settings');
  engineOptions(addSupernetOptions(command, 'scoring: ')).action(async (flags: PruneFlags) => {
    if (flags.resume !== undefined) rejectSettingsOnResume(command, 'prune run', ['backend', 'threads']);
    else {
      if (flags.from === undefined) throw new NasError('nas prune needs --from RUN (a trained supernet)');
      if (flags.epochs === undefined) throw new NasError('nas prune needs --epochs N (fine-tuning epochs)');
      if (flags.withinTable !== undefined && flags.k !== undefined)
        throw new NasError('--k samples the space; with --within-table the pool is the table');
      if (flags.truth !== undefined && !(flags.truth.startsWith('table:') && flags.truth.length > 6))
        throw new NasError(`--truth must be table:FILE, got '${flags.truth}'`);
    }
    const dir = resolve(flags.resume ?? flags.out ?? `runs/prune-${runTimestamp()}`);
    const engine = await initBackend(flags.backend, { threads: flags.threads });
    err(`${flags.resume ? 'resuming' : 'pruning'} in ${dir} on ${engine.name}`);
    const stop = listenForStop(err);
    const reporter = searchReporter(process.stderr, err);
    try {
      const outcome = await runPrune({
        parent: flags.from ?? '',
        keep: flags.keep,
        pool:
          flags.withinTable !== undefined
            ? { kind: 'table', file: flags.withinTable }
            : { kind: 'space', k: flags.k ?? null, seed: flags.seed },
        epochs: flags.epochs ?? 1,
        out: dir,
        resume: flags.resume !== undefined,
        ...(flags.weightLr !== undefined ? { weightLr: flags.weightLr } : {}),
        ...(flags.truth !== undefined ? { truth: flags.truth.slice(6) } : {}),
        scoring: supernetOptionsFrom(flags),
        bootstrap: flags.bootstrap,
        shouldStop: stop.stopRequested,
        onPhase: (phase) => err(phase),
        onScore: (done, total) => {
          if (done % Math.max(1, Math.round(total / 5)) === 0 || done === total) err(`${done}/${total} architectures scored`);
        },
        onStep: (p) => reporter.step(p),
        onEpoch: (r) => reporter.epoch(r),
      });
      reporter.stop();
      if (outcome.stopped) {
        err(`stopped; continue with: nas prune --resume ${dir}`);
        process.exitCode = 130;
        return;
      }
      const { manifest, kept, agreement } = outcome;
      out(
        `kept ${kept.length} architectures; fine-tuned ${manifest.epochs} epoch(s) from ${manifest.parentEpochs}: ${manifest.budgetEpochs} epochs of steps`,
      );
      if (agreement) {
        out(
          `Kendall tau over all ${agreement.pool}: parent ${interval(agreement.all.parent)}, fine-tuned ${interval(agreement.all.tuned)}`,
        );
        out(
          `Kendall tau within the kept ${agreement.kept}: parent ${interval(agreement.within.parent)}, fine-tuned ${interval(agreement.within.tuned)}`,
        );
        if (agreement.seeds)
          out(
            `the table's seed-to-seed tau: over all ${interval(agreement.seeds.all)}, within the kept ${interval(agreement.seeds.within)}`,
          );
      }
      out(`written to ${dir} (fine-tuned supernet: ${resolve(dir, 'fine-tune')})`);
    } finally {
      reporter.stop();
      stop.release();
    }
  });
}
