import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Scorer } from '../analysis/index.js';
import { NasError } from '../errors.js';
import type { Estimate } from '../estimators/api.js';
import type { RetrainEstimatorRequest } from '../estimators/retrain.js';
import { canonicalString } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import { TRUTH_QUEUE, truthJobId, type TruthJob } from './truth-job.js';
import { completedValue } from './job-result.js';

export interface QueueScorerOptions {
  readonly queue?: string;
  /** Tries per job before the study fails (a worker that dies mid-job costs one when its lock runs out). */
  readonly attempts?: number;
  /** How often results are looked for, ms. */
  readonly pollMs?: number;
}

/**
 * Stand-alone training on any number of `nas worker` processes, through a
 * BullMQ queue on Redis. Each architecture is one job whose id is the study
 * and the architecture's hash: enqueuing again (a resumed study, a second
 * `nas bias` on the same study) finds the job there instead of adding one,
 * and each result is handed to the study once. Jobs whose worker dies are
 * taken up again by another when their lock expires (BullMQ's stalled-job
 * check); failed ones are retried up to `attempts` times.
 */
export class QueueScorer implements Scorer {
  readonly name = 'retrain';
  readonly offProcess = true;

  private constructor(
    private readonly bullmq: typeof import('bullmq'),
    private readonly queue: Queue,
    private readonly space: SearchSpace,
    private readonly study: string,
    private readonly request: RetrainEstimatorRequest,
    private readonly options: QueueScorerOptions,
  ) {}

  /**
   * A scorer on the queue of `connection`; `study` names the study in job ids
   * (its output directory, say). BullMQ is loaded here, not when the toolkit
   * is imported: it costs a few hundred milliseconds that other commands need not pay.
   */
  static async open(
    connection: Redis,
    space: SearchSpace,
    study: string,
    request: RetrainEstimatorRequest,
    options: QueueScorerOptions = {},
  ): Promise<QueueScorer> {
    const bullmq = await import('bullmq');
    return new QueueScorer(bullmq, new bullmq.Queue(options.queue ?? TRUTH_QUEUE, { connection }), space, study, request, options);
  }

  async scoreAll(
    genotypes: readonly Genotype[],
    onScore: (index: number, estimate: Estimate) => void,
    shouldStop?: () => boolean,
  ): Promise<void> {
    const jobs = genotypes.map((g): TruthJob => ({ space: this.space.name, genotype: canonicalString(g), request: this.request }));
    const ids = jobs.map((job) => truthJobId(this.study, job));
    await this.queue.addBulk(
      jobs.map((data, i) => ({
        name: 'truth',
        data,
        opts: {
          jobId: ids[i]!,
          attempts: this.options.attempts ?? 3,
          backoff: { type: 'fixed', delay: 1000 },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    const pending = new Set(ids.map((_, i) => i));
    while (pending.size > 0) {
      for (const i of [...pending]) {
        const job = await this.bullmq.Job.fromId(this.queue, ids[i]!);
        if (job === undefined) throw new NasError(`job ${ids[i]} vanished from queue ${this.queue.name}`);
        const state = await job.getState();
        if (state === 'completed') {
          const estimate = await completedValue<Estimate>(job, () => this.bullmq.Job.fromId(this.queue, ids[i]!));
          if (estimate === undefined) continue;
          pending.delete(i);
          onScore(i, estimate);
        } else if (state === 'failed') {
          throw new NasError(`training ${jobs[i]!.genotype} failed ${job.attemptsMade} time(s) on the workers: ${job.failedReason}`);
        }
      }
      if (pending.size === 0 || shouldStop?.()) return;
      await new Promise((r) => setTimeout(r, this.options.pollMs ?? 1000));
    }
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
