import type { ChildProcess } from 'node:child_process';
import type { Scorer } from '../analysis/index.js';
import { NasError } from '../errors.js';
import type { Estimate } from '../estimators/api.js';
import type { RetrainEstimatorRequest } from '../estimators/retrain.js';
import { canonicalString } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import { truthJobId, type TruthJob } from './truth-job.js';

/** What the pool sends a child, and what the child answers. */
export type PoolRequest = { readonly id: string; readonly job: TruthJob };
export type PoolReply = { readonly id: string; readonly estimate: Estimate } | { readonly id: string; readonly error: string };

export interface LocalPoolOptions {
  /** Child processes training at once (each on one wasm thread: one per core). */
  readonly workers: number;
  /** Starts one child: a process that answers `PoolRequest` messages (`nas worker --ipc`). */
  readonly spawn: () => ChildProcess;
  /** Times a job may lose its child (a crash) before the study fails. */
  readonly attempts?: number;
}

/**
 * Stand-alone training on a pool of child processes on this machine, one
 * training each: wasm's threads speed a training up by far less than the
 * core count, so separate single-threaded trainings use the cores better.
 * A job whose child dies is given to a fresh child (it resumes the run the
 * dead one left in the work directory); on a stop request the children are
 * sent SIGTERM, checkpoint their training and exit.
 */
export class LocalPoolScorer implements Scorer {
  readonly name = 'retrain';
  readonly offProcess = true;

  constructor(
    private readonly space: SearchSpace,
    private readonly study: string,
    private readonly request: RetrainEstimatorRequest,
    private readonly options: LocalPoolOptions,
  ) {
    if (!(Number.isInteger(options.workers) && options.workers >= 1))
      throw new NasError(`--workers must be a positive integer, got ${options.workers}`);
  }

  scoreAll(
    genotypes: readonly Genotype[],
    onScore: (index: number, estimate: Estimate) => void,
    shouldStop?: () => boolean,
  ): Promise<void> {
    const jobs = genotypes.map((g): PoolRequest => {
      const job: TruthJob = { space: this.space.name, genotype: canonicalString(g), request: this.request };
      return { id: truthJobId(this.study, job), job };
    });
    const queue = jobs.map((_, i) => i);
    const tries = jobs.map(() => 0);
    const children = new Set<ChildProcess>();
    let remaining = jobs.length;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearInterval(poll);
        for (const c of children) c.kill('SIGTERM');
        if (error) reject(error);
        else resolve();
      };
      const poll = setInterval(() => {
        if (shouldStop?.()) finish();
      }, 200);
      const start = () => {
        const child = this.options.spawn();
        children.add(child);
        let current: number | null = null;
        const next = () => {
          current = queue.shift() ?? null;
          if (current === null) {
            children.delete(child);
            child.kill('SIGTERM');
            return;
          }
          tries[current]!++;
          child.send(jobs[current]!);
        };
        child.on('message', (reply: PoolReply) => {
          if (current === null || reply.id !== jobs[current]!.id) return;
          if ('error' in reply) return finish(new NasError(`training ${jobs[current]!.job.genotype} failed: ${reply.error}`));
          onScore(current, reply.estimate);
          remaining--;
          if (remaining === 0) return finish();
          next();
        });
        child.on('exit', (code, signal) => {
          if (settled || !children.has(child)) return;
          children.delete(child);
          if (current !== null) {
            if (tries[current]! >= (this.options.attempts ?? 3))
              return finish(
                new NasError(
                  `training ${jobs[current]!.job.genotype} lost its process ${tries[current]} time(s) (last: ${signal ?? `exit ${code}`})`,
                ),
              );
            queue.unshift(current);
          }
          if (queue.length > 0) start();
        });
        next();
      };
      if (jobs.length === 0) return finish();
      for (let w = 0; w < Math.min(this.options.workers, jobs.length); w++) start();
    });
  }
}
