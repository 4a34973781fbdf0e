import { spaceByName } from '../../cells/index.js';
import type { Estimate } from '../estimators/api.js';
import { RetrainEstimator, type RetrainEstimatorRequest } from '../estimators/retrain.js';
import { genotypeHash, parseGenotype } from '../space/index.js';

/** The queue stand-alone trainings go through unless told otherwise. */
export const TRUTH_QUEUE = 'nas-truth';

/** One stand-alone training, as plain JSON a worker on any machine can run. */
export interface TruthJob {
  readonly space: string;
  /** The architecture's canonical string. */
  readonly genotype: string;
  readonly request: RetrainEstimatorRequest;
}

/** A job id that is the same for the same study and architecture, so enqueuing twice runs it once. */
export function truthJobId(study: string, job: TruthJob): string {
  return `${study.replace(/[^A-Za-z0-9_.-]/g, '_')}-${genotypeHash(parseGenotype(spaceByName(job.space), job.genotype))}`;
}

/**
 * Run one truth job: train the architecture with the job's recipe in
 * `dir/<genotype hash>/` (a job retried on the same machine resumes the run
 * its dead predecessor left there; a finished one is read back). `dir` must
 * belong to one study: its runs are keyed by architecture only.
 */
export async function runTruthJob(job: TruthJob, dir: string, shouldStop?: () => boolean): Promise<Estimate> {
  const space = spaceByName(job.space);
  const estimator = new RetrainEstimator(space, dir, job.request, shouldStop);
  return estimator.estimate(parseGenotype(space, job.genotype));
}
