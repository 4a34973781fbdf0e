import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { estimatorScorer, type Scorer } from '../analysis/index.js';
import { NasError } from '../errors.js';
import { RetrainEstimator, TableEstimator } from '../estimators/index.js';
import { LocalPoolScorer, QueueScorer, connectRedis } from '../jobs/index.js';
import type { SearchSpace } from '../space/api.js';
import type { BiasFlags } from './bias-flags.js';
import { retrainRequestFrom } from './estimator-options.js';

/** What the truth is measured on: the supernets' space, and their data unless the flags name other. */
export interface TruthBase {
  readonly space: SearchSpace;
  readonly config: { readonly dataset: string; readonly dataDir?: string | null | undefined };
}

/** Where the truth's trainings run; these may change on resume, since they never change what is measured. */
export interface TruthPlacement {
  readonly backend: string;
  readonly redis?: string | undefined;
}

/**
 * The study's ground truth from `--truth`: `retrain` (short stand-alone
 * training, in this process, on `--workers` child processes or on nas
 * worker processes through `--redis`) or `table:FILE`; anything else is a
 * one-line `NasError` listing the known. Closing a Redis queue is pushed on
 * `cleanups` for the caller to run when the study ends.
 */
export async function truthScorer(
  flags: BiasFlags,
  placement: TruthPlacement,
  base: TruthBase,
  dir: string,
  shouldStop: () => boolean,
  cleanups: (() => Promise<void>)[],
): Promise<Scorer> {
  if (flags.truth.startsWith('table:') && flags.truth.length > 6)
    return estimatorScorer('table', new TableEstimator(base.space, flags.truth.slice(6), { grow: flags.tableGrow === true }));
  if (flags.truth !== 'retrain') throw new NasError(`unknown --truth '${flags.truth}' (known: retrain, table:FILE)`);
  // Stand-alone training on the supernets' data unless told otherwise.
  const dataDir = flags.dataDir ?? base.config.dataDir;
  const request = retrainRequestFrom(
    { ...flags, dataset: flags.dataset ?? base.config.dataset, ...(dataDir ? { dataDir } : {}) },
    flags.seed,
  );
  // Settle bad settings here, before any job is queued.
  const local = new RetrainEstimator(base.space, join(dir, 'retrain'), request, shouldStop);
  if (placement.redis) {
    const connection = await connectRedis(placement.redis);
    const queued = await QueueScorer.open(connection, base.space, dir, request, { queue: flags.queue });
    cleanups.push(async () => {
      await queued.close();
      connection.disconnect();
    });
    return queued;
  }
  if (flags.workers > 1) {
    // Children run this same CLI (`nas worker --ipc`), one wasm thread each.
    const cli = process.argv[1]!;
    const args = ['worker', '--ipc', '--work-dir', join(dir, 'retrain'), '--threads', '1', '--backend', placement.backend];
    return new LocalPoolScorer(base.space, dir, request, {
      workers: flags.workers,
      spawn: () => spawn(process.execPath, [...process.execArgv, cli, ...args], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
    });
  }
  return estimatorScorer('retrain', local);
}
