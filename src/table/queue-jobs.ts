import { createHash } from 'node:crypto';
import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { NasError } from '../errors.js';
import type { TableRun } from './api.js';
import type { TableJob } from './run-pool.js';
import { trainArch } from './train-arch.js';
import { completedValue } from '../jobs/job-result.js';

/** The queue table trainings go through unless told otherwise. */
export const TABLE_QUEUE = 'nas-table';

/** A job id that is the same for the same recipe, architecture and seed, so enqueuing twice (a resumed build) trains once. */
export function tableJobId(job: TableJob): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([job.recipe, job.arch]))
    .digest('hex')
    .slice(0, 24);
  return `table-${hash}-${job.seed}`;
}

export interface QueueOptions {
  readonly connection: Redis;
  readonly queue?: string;
  /** Tries per job before the build fails. */
  readonly attempts?: number;
  readonly pollMs?: number;
}

/**
 * Runs the jobs on `nas table worker --redis` processes (any number, any
 * machine) through a BullMQ queue, calling `onRun` as each completes. Job ids
 * are idempotent; a job whose worker dies is taken up again when its lock
 * runs out. Returns false when stopped before all were done.
 */
export async function runQueuedTableJobs(
  jobs: readonly TableJob[],
  options: QueueOptions,
  onRun: (run: TableRun) => Promise<void>,
  shouldStop?: () => boolean,
): Promise<boolean> {
  const bullmq = await import('bullmq');
  const queue = new bullmq.Queue(options.queue ?? TABLE_QUEUE, { connection: options.connection });
  try {
    const ids = jobs.map(tableJobId);
    await queue.addBulk(
      jobs.map((data, i) => ({
        name: 'table',
        data,
        opts: {
          jobId: ids[i]!,
          attempts: options.attempts ?? 3,
          backoff: { type: 'fixed', delay: 1000 },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    const pending = new Set(ids.map((_, i) => i));
    while (pending.size > 0) {
      for (const i of [...pending]) {
        const job = await bullmq.Job.fromId(queue, ids[i]!);
        if (job === undefined) throw new NasError(`job ${ids[i]} vanished from queue ${queue.name}`);
        const state = await job.getState();
        if (state === 'failed')
          throw new NasError(`training ${jobs[i]!.arch} seed ${jobs[i]!.seed} failed on the workers: ${job.failedReason}`);
        if (state !== 'completed') continue;
        const run = await completedValue<TableRun>(job, () => bullmq.Job.fromId(queue, ids[i]!));
        if (run === undefined) continue;
        pending.delete(i);
        await onRun(run);
      }
      if (pending.size === 0) return true;
      if (shouldStop?.()) return false;
      await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
    }
    return true;
  } finally {
    await queue.close();
  }
}

/** A BullMQ worker training table jobs; the training yields every step, so its lock is renewed while it trains. */
export async function startTableWorker(
  connection: Redis,
  options: { readonly queue?: string; readonly lockMs?: number; readonly onJob?: (event: string, id: string, detail?: string) => void },
): Promise<Worker<TableJob, TableRun>> {
  const { Worker } = await import('bullmq');
  const lockDuration = options.lockMs ?? 30_000;
  const worker = new Worker<TableJob, TableRun>(
    options.queue ?? TABLE_QUEUE,
    async (job: Job<TableJob, TableRun>) => {
      options.onJob?.('started', job.id!);
      return trainArch(job.data.recipe, job.data.arch, job.data.seed);
    },
    { connection, concurrency: 1, lockDuration, stalledInterval: Math.max(500, Math.round(lockDuration / 2)), maxStalledCount: 2 },
  );
  worker.on('completed', (job) => options.onJob?.('completed', job.id!));
  worker.on('failed', (job, error) => options.onJob?.('failed', job?.id ?? '?', error.message));
  return worker;
}
