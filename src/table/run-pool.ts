import type { ChildProcess } from 'node:child_process';
import { NasError } from '../errors.js';
import type { TableRecipe, TableRun } from './api.js';
import { runQueuedTableJobs, type QueueOptions } from './queue-jobs.js';
import { trainArch } from './train-arch.js';

/** One training for a pool child, and its answer. */
export interface TableJob {
  readonly recipe: TableRecipe;
  readonly arch: string;
  readonly seed: number;
}
export type TableJobReply = { readonly run: TableRun } | { readonly error: string };

export interface PoolOptions {
  /** Trainings at once: 1 trains in this process; more start that many children (`spawn`), one wasm thread each. */
  readonly workers: number;
  readonly spawn?: () => ChildProcess;
  readonly shouldStop?: () => boolean;
  /** Train on `nas table worker --redis` processes through this queue instead (then `workers` is not used). */
  readonly queue?: QueueOptions;
}

/**
 * Runs the jobs, calling `onRun` as each finishes (in finishing order), until
 * all are done or a stop is asked for (the jobs in flight are then abandoned:
 * a run is short and is simply trained again). Separate single-threaded
 * trainings use a machine's cores better than wasm threads in one (see
 * docs/performance.md). A child that dies or fails fails the build with a
 * one-line error naming the architecture.
 */
export async function runTableJobs(
  jobs: readonly TableJob[],
  options: PoolOptions,
  onRun: (run: TableRun) => Promise<void>,
): Promise<boolean> {
  if (options.queue !== undefined) return runQueuedTableJobs(jobs, options.queue, onRun, options.shouldStop);
  if (!(Number.isInteger(options.workers) && options.workers >= 1))
    throw new NasError(`--workers must be a positive integer, got ${options.workers}`);
  if (options.workers === 1 || options.spawn === undefined) {
    for (const job of jobs) {
      if (options.shouldStop?.()) return false;
      await onRun(await trainArch(job.recipe, job.arch, job.seed));
    }
    return true;
  }
  const spawn = options.spawn;
  const queue = [...jobs];
  let stopped = false;
  const worker = async (): Promise<void> => {
    const child = spawn();
    try {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        if (options.shouldStop?.()) {
          stopped = true;
          return;
        }
        await onRun(await ask(child, job));
      }
    } finally {
      child.kill('SIGTERM');
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.workers, jobs.length) }, worker));
  return !stopped;
}

function ask(child: ChildProcess, job: TableJob): Promise<TableRun> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) =>
      reject(new NasError(`the worker training ${job.arch} seed ${job.seed} exited (${signal ?? `code ${code}`})`));
    child.once('exit', onExit);
    child.once('message', (reply: TableJobReply) => {
      child.off('exit', onExit);
      if ('error' in reply) reject(new NasError(`training ${job.arch} seed ${job.seed} failed: ${reply.error}`));
      else resolve(reply.run);
    });
    child.send(job);
  });
}

/** The child's side: answer each job message with its run (or its error), until the parent disconnects. */
export function serveTableJobs(): Promise<void> {
  return new Promise((done) => {
    let chain = Promise.resolve();
    process.on('message', (job: TableJob) => {
      chain = chain.then(async () => {
        try {
          process.send?.({ run: await trainArch(job.recipe, job.arch, job.seed) } satisfies TableJobReply);
        } catch (error) {
          process.send?.({ error: error instanceof Error ? error.message.split('\n')[0]! : String(error) } satisfies TableJobReply);
        }
      });
    });
    process.on('disconnect', () => done());
  });
}
