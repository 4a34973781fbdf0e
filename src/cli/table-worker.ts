import type { Command } from 'commander';
import { initBackend } from '../backend/index.js';
import { NasError } from '../errors.js';
import { connectRedis } from '../jobs/redis.js';
import { TABLE_QUEUE, serveTableJobs, startTableWorker } from '../table/index.js';
import { engineOptions, intArg } from './options.js';

interface TableWorkerFlags {
  redis?: string;
  queue: string;
  lockMs: number;
  backend: string;
  threads?: number;
}

/** `nas table worker`: trains table runs from a Redis queue (`--redis`), or from its parent build (`--workers`, over IPC). */
export function registerTableWorker(table: Command, out: (line: string) => void, err: (line: string) => void): void {
  const worker = table
    .command('worker')
    .description('train the runs of nas table build --redis (on any number of machines); Ctrl-C finishes the current run and exits')
    .option('--redis <url>', 'the Redis server of the queue, e.g. redis://10.0.0.5:6379')
    .option('--queue <name>', 'queue name', TABLE_QUEUE)
    .option('--lock-ms <ms>', "job lock duration: a dead worker's run is taken up again after about this long", intArg, 30_000);
  engineOptions(worker).action(async (flags: TableWorkerFlags) => {
    if (flags.redis === undefined) {
      if (!process.send) throw new NasError('nas table worker needs --redis URL (or runs under nas table build --workers)');
      await initBackend(flags.backend, { threads: flags.threads });
      return serveTableJobs();
    }
    if (!(flags.lockMs >= 1000)) throw new NasError(`--lock-ms must be at least 1000, got ${flags.lockMs}`);
    const engine = await initBackend(flags.backend, { threads: flags.threads });
    const connection = await connectRedis(flags.redis);
    const running = await startTableWorker(connection, {
      queue: flags.queue,
      lockMs: flags.lockMs,
      onJob: (event, id, detail) => out(`${event} ${id}${detail ? `: ${detail}` : ''}`),
    });
    err(`table worker on ${engine.name}, queue ${flags.queue} at ${flags.redis}`);
    await new Promise<void>((done) => {
      let closing = false;
      const onSignal = () => {
        if (closing) process.exit(130);
        closing = true;
        err('finishing the current run, then exiting (Ctrl-C again to quit at once; the run is then taken up by another worker)');
        void running.close().then(done);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    connection.disconnect();
  });
}
