import { resolve } from 'node:path';
import type { Command } from 'commander';
import { initBackend } from '../backend/index.js';
import { NasError } from '../errors.js';
import { DEFAULT_SPLIT_EDGES, runFewShot } from '../search/few-shot/index.js';
import { engineOptions, intArg, numberArg, rejectSettingsOnResume } from './options.js';
import { searchReporter } from './progress.js';
import { runTimestamp } from './run-name.js';
import { listenForStop } from './stop-signals.js';

interface FewShotFlags {
  from?: string;
  splitEdges: string;
  epochs?: number;
  weightLr?: number;
  out?: string;
  resume?: string;
  backend: string;
  threads?: number;
}

/** `0` or `0,1`: edge indices; anything else is one line. */
function edgeList(value: string): number[] {
  const edges = value.split(',').map((s) => Number(s.trim()));
  if (value.trim() === '' || edges.some((e) => !Number.isInteger(e)))
    throw new NasError(`--split-edges must be edge indices like 0 or 0,1, got '${value}'`);
  return edges;
}

/** `nas few-shot`: split a trained SPOS supernet into sub-supernets (Zhao et al. 2021) and train each; `nas bias --supernet DIR` scores it. */
export function registerFewShot(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  const command = program
    .command('few-shot')
    .description(
      'few-shot supernets (Zhao et al. 2021): split a trained one-shot supernet on the ops of one or two edges and train each sub-supernet from its weights; nas bias --supernet DIR scores an architecture by the sub-supernet holding it',
    )
    .option('--from <run>', 'the trained supernet: a search run directory, its checkpoint.nas or a snapshots/epoch-<n>.nas')
    .option(
      '--split-edges <list>',
      `edges to split on (nb201: 0-5, 0 = node 0 -> node 1), one or two (default ${DEFAULT_SPLIT_EDGES.join(',')})`,
      DEFAULT_SPLIT_EDGES.join(','),
    )
    .option('--epochs <n>', 'epochs each sub-supernet trains', intArg)
    .option(
      '--weight-lr <lr>',
      "the sub-supernets' initial learning rate (default: where the parent's cosine schedule had reached)",
      numberArg,
    )
    .option('--out <dir>', 'directory to create (default runs/few-shot-<time>)')
    .option('--resume <dir>', 'continue a stopped few-shot run with its own settings');
  engineOptions(command).action(async (flags: FewShotFlags) => {
    if (flags.resume !== undefined) rejectSettingsOnResume(command, 'few-shot run', ['backend', 'threads']);
    else {
      if (flags.from === undefined) throw new NasError('nas few-shot needs --from RUN (a trained supernet)');
      if (flags.epochs === undefined) throw new NasError('nas few-shot needs --epochs N (epochs per sub-supernet)');
    }
    const splitEdges = edgeList(flags.splitEdges);
    const dir = resolve(flags.resume ?? flags.out ?? `runs/few-shot-${runTimestamp()}`);
    const engine = await initBackend(flags.backend, { threads: flags.threads });
    err(`${flags.resume ? 'resuming' : 'few-shot'} in ${dir} on ${engine.name}`);
    const stop = listenForStop(err);
    const reporter = searchReporter(process.stderr, err);
    try {
      const result = await runFewShot({
        parent: flags.from ?? '',
        splitEdges,
        epochs: flags.epochs ?? 1,
        out: dir,
        resume: flags.resume !== undefined,
        ...(flags.weightLr !== undefined ? { weightLr: flags.weightLr } : {}),
        shouldStop: stop.stopRequested,
        onMember: (m, i, n) => err(`sub-supernet ${i + 1}/${n}: ${m.dir}`),
        onStep: (p) => reporter.step(p),
        onEpoch: (r) => reporter.epoch(r),
      });
      reporter.stop();
      if (result.stopped) {
        err(`stopped; continue with: nas few-shot --resume ${dir}`);
        process.exitCode = 130;
        return;
      }
      const m = result.manifest;
      out(
        `${m.members.length} sub-supernets split on edge(s) ${m.splitEdges.join(',')}, ${m.epochs} epoch(s) each from ${m.parentEpochs} parent epoch(s): ${m.budgetEpochs} epochs of steps`,
      );
      out(`written to ${dir}`);
    } finally {
      reporter.stop();
      stop.release();
    }
  });
}
