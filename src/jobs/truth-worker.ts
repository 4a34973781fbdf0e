import { join } from 'node:path';
import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Estimate } from '../estimators/api.js';
import { TRUTH_QUEUE, runTruthJob, type TruthJob } from './truth-job.js';

export interface TruthWorkerOptions {
  readonly queue?: string;
  /** Where this worker keeps its trainings (`<dir>/<job id>/`). */
  readonly workDir: string;
  /** Jobs at once (each is a whole training; 1 per machine on the wasm engine). */
  readonly concurrency?: number;
  /** How long a job's lock lasts without renewal, ms: a dead worker's job is taken up again after about this long. */
  readonly lockMs?: number;
  readonly onJob?: (event: 'started' | 'completed' | 'failed', id: string, detail?: string) => void;
}

/**
 * A BullMQ worker that runs stand-alone trainings from the truth queue. The
 * training loop yields to the event loop every step, so the lock is renewed
 * while it trains; a job whose worker dies stalls, and after `lockMs` another
 * worker takes it up (BullMQ allows it to stall twice before it fails).
 */
export async function startTruthWorker(connection: Redis, options: TruthWorkerOptions): Promise<Worker<TruthJob, Estimate>> {
  const { Worker } = await import('bullmq');
  const lockDuration = options.lockMs ?? 30_000;
  const worker = new Worker<TruthJob, Estimate>(
    options.queue ?? TRUTH_QUEUE,
    async (job: Job<TruthJob, Estimate>) => {
      options.onJob?.('started', job.id!);
      // One directory per job id (study and architecture): studies with other recipes never share a run.
      return runTruthJob(job.data, join(options.workDir, job.id!));
    },
    {
      connection,
      concurrency: options.concurrency ?? 1,
      lockDuration,
      stalledInterval: Math.max(500, Math.round(lockDuration / 2)),
      maxStalledCount: 2,
    },
  );
  worker.on('completed', (job) => options.onJob?.('completed', job.id!));
  worker.on('failed', (job, error) => options.onJob?.('failed', job?.id ?? '?', error.message));
  return worker;
}
