import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { initBackend } from '../backend/index.js';
import { childProcessNas, compareLines, compareMethods, runCompare, type CompareSettings, type NasCommand } from '../compare/index.js';
import { NasError } from '../errors.js';
import { intArg, rejectSettingsOnResume, engineOptions } from './options.js';
import { runTimestamp } from './run-name.js';
import { listenForStop } from './stop-signals.js';

interface CompareFlags {
  table?: string;
  out?: string;
  resume?: string;
  seeds: number;
  methods?: string;
  epochs: number;
  queries: number;
  batchSize?: number;
  tauArchs: number;
  tauSnapshots: number;
  bootstrap: number;
  backend: string;
  threads?: number;
  workers: number;
}

/** The run directory's name of a nested command (`--out DIR` or `--resume DIR`), else the command's. */
function runName(args: readonly string[]): string {
  const at = args.findIndex((a) => a === '--out' || a === '--resume');
  return at >= 0 && at + 1 < args.length ? basename(args[at + 1]!) : (args[0] ?? 'nas');
}

/**
 * `nas` itself, in this process, for the comparison's steps: each search,
 * evolution and black-box run is the very command a user would type, with its
 * own run directory, checkpoints and resume. Its lines go to stderr, indented.
 */
function inProcessNas(err: (line: string) => void): NasCommand {
  return async (args) => {
    // Loaded on use: main.ts registers this command, so a static import would be a cycle.
    const { main } = await import('./main.js');
    const lines: string[] = [];
    const code = await main(
      ['node', 'nas', ...args],
      () => {},
      (line) => {
        lines.push(line);
        err(`  ${line}`);
      },
    );
    return { code, err: lines.join('\n') };
  };
}

export function registerCompare(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  const command = program
    .command('compare')
    .description(
      "NAS-Bench-201's table of methods on one table: one-shot searches on its split, evolution on their supernets, black-box searches on the table, looked up in it (resumable)",
    )
    .option('--table <file>', 'a table built by nas table build: the truth, the search data and the network size')
    .option('--out <dir>', 'directory to create (default runs/compare-<time>)')
    .option(
      '--resume <dir>',
      'continue a stopped or killed comparison with its saved settings (only --backend, --threads, --workers may change)',
    )
    .option('--seeds <n>', 'seeds per method (0, 1, ...)', intArg, 3)
    .option(
      '--methods <list>',
      `comma-separated, in table order (default all: ${compareMethods()
        .map((m) => m.name)
        .join(', ')})`,
    )
    .option('--epochs <n>', 'supernet budget: search epochs on the table training images', intArg, 10)
    .option('--queries <n>', 'queries of every black-box search: on the table, and of the evolutions on the supernets', intArg, 100)
    .option('--batch-size <n>', "searches' batch size (default: nas search's)", intArg)
    .option('--tau-archs <n>', "supernets' Kendall tau over min(n, table) distinct architectures of the table", intArg, 200)
    .option('--tau-snapshots <n>', "epochs of the first seed's searches whose supernet's tau is measured too (0: none)", intArg, 3)
    .option('--bootstrap <n>', 'bootstrap resamples for the tau intervals', intArg, 1000)
    .option(
      '--workers <n>',
      '(method, seed) pairs at once, each search and black-box run a process of its own (one per core; may change on --resume)',
      intArg,
      1,
    );
  engineOptions(command).action(async (given: CompareFlags) => {
    if (given.resume !== undefined) rejectSettingsOnResume(command, 'comparison', ['backend', 'threads', 'workers']);
    let settings: CompareSettings | null = null;
    if (given.resume === undefined) {
      if (given.table === undefined) throw new NasError('nas compare needs --table FILE (or --resume DIR)');
      settings = {
        table: resolve(given.table),
        seeds: given.seeds,
        methods: given.methods === undefined ? compareMethods().map((m) => m.name) : given.methods.split(',').map((m) => m.trim()),
        epochs: given.epochs,
        queries: given.queries,
        ...(given.batchSize !== undefined ? { batchSize: given.batchSize } : {}),
        tauArchs: given.tauArchs,
        tauSnapshots: given.tauSnapshots,
        bootstrap: given.bootstrap,
      };
    }
    const dir = resolve(given.resume ?? given.out ?? `runs/compare-${runTimestamp()}`);
    const engine = await initBackend(given.backend, { threads: given.threads });
    const stop = listenForStop(err);
    try {
      err(`${given.resume ? 'resuming' : 'comparing'} in ${dir} on ${engine.name}`);
      const outcome = await runCompare(settings, {
        out: dir,
        resume: given.resume !== undefined,
        // With several workers each nested command is a process of its own (this CLI again), so the pairs use the cores.
        nas:
          given.workers > 1
            ? childProcessNas([...process.execArgv, process.argv[1]!], err, (args) => `  [${runName(args)}] `)
            : inProcessNas(err),
        workers: given.workers,
        engine: ['--backend', given.backend, ...(given.threads !== undefined ? ['--threads', String(given.threads)] : [])],
        log: err,
        shouldStop: stop.stopRequested,
      });
      if (outcome.stopped) {
        err(`stopped with ${outcome.done}/${outcome.total} steps done; continue with: nas compare --resume ${dir}`);
        process.exitCode = 130;
        return;
      }
      process.exitCode = 0;
      for (const line of compareLines(outcome.results)) out(line);
      out(`written to ${dir}`);
    } finally {
      stop.release();
    }
  });
}
