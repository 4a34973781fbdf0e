import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { initBackend } from '../backend/index.js';
import { NasError, firstLine } from '../errors.js';
import { TRUTH_QUEUE, connectRedis, runTruthJob, startTruthWorker, type PoolReply, type PoolRequest } from '../jobs/index.js';
import { EstimateStopped } from '../estimators/index.js';
import { intArg, engineOptions } from './options.js';

interface WorkerFlags {
  redis?: string;
  ipc?: boolean;
  queue: string;
  concurrency: number;
  workDir?: string;
  lockMs: number;
  backend: string;
  threads?: number;
}

export function registerWorker(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  const workerCommand = program
    .command('worker')
    .description(
      'run stand-alone trainings queued by nas bias --redis (on any number of machines); Ctrl-C finishes the current job and exits',
    )
    .option('--redis <url>', 'the Redis server of the queue, e.g. redis://10.0.0.5:6379')
    .option('--ipc', 'take jobs from the parent process instead (the local pool of nas bias --workers)')
    .option('--queue <name>', 'queue name', TRUTH_QUEUE)
    .option('--concurrency <n>', 'trainings at once', intArg, 1)
    .option('--work-dir <dir>', 'where trainings are kept (default runs/worker-<host>)')
    .option('--lock-ms <ms>', 'job lock duration: a job of a worker that died is taken up again after about this long', intArg, 30_000);
  engineOptions(workerCommand).action(async (flags: WorkerFlags) => {
    if (!(flags.concurrency > 0)) throw new NasError(`--concurrency must be a positive integer, got ${flags.concurrency}`);
    if (!(flags.lockMs >= 1000)) throw new NasError(`--lock-ms must be at least 1000, got ${flags.lockMs}`);
    const workDir = resolve(flags.workDir ?? `runs/worker-${hostname()}`);
    if (flags.ipc) {
      if (!process.send) throw new NasError('--ipc needs a parent process with an IPC channel');
      await initBackend(flags.backend, { threads: flags.threads });
      return serveParent(workDir);
    }
    if (flags.redis === undefined) throw new NasError('nas worker needs --redis URL (or --ipc under a parent process)');
    const engine = await initBackend(flags.backend, { threads: flags.threads });
    const connection = await connectRedis(flags.redis);
    const worker = await startTruthWorker(connection, {
      queue: flags.queue,
      workDir,
      concurrency: flags.concurrency,
      lockMs: flags.lockMs,
      onJob: (event, id, detail) => out(`${event} ${id}${detail ? `: ${detail}` : ''}`),
    });
    err(`worker on ${engine.name}, queue ${flags.queue} at ${flags.redis}, trainings in ${workDir}`);
    await new Promise<void>((done) => {
      let closing = false;
      const onSignal = () => {
        if (closing) process.exit(130);
        closing = true;
        err('finishing the current job, then exiting (Ctrl-C again to quit at once; the job is then taken up by another worker)');
        void worker.close().then(done);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    connection.disconnect();
  });
}

/**
 * A local pool's child: trains each job the parent sends and answers with
 * its estimate. SIGTERM (the parent stopping) checkpoints a training under
 * way and exits; so does losing the parent.
 */
function serveParent(workDir: string): Promise<void> {
  let stopping = false;
  let busy = false;
  const stop = () => {
    stopping = true;
    if (!busy) process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  process.on('message', (message: unknown) => {
    const { id, job } = message as PoolRequest;
    // The pool hands each child its study's own directory.
    busy = true;
    runTruthJob(job, workDir, () => stopping)
      .then((estimate) => process.send?.({ id, estimate } satisfies PoolReply))
      .catch((error: unknown) => {
        if (error instanceof EstimateStopped) process.exit(130);
        process.send?.({ id, error: firstLine(error) } satisfies PoolReply);
      })
      .finally(() => {
        busy = false;
        if (stopping) process.exit(0);
      });
  });
  return new Promise<void>(() => {});
}
