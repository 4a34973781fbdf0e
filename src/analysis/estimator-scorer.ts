import { EstimateStopped, type Estimate, type Estimator } from '../estimators/api.js';
import { yieldToEventLoop } from '../runs/yield.js';
import type { Scorer } from './bias-api.js';

/**
 * A scorer asking an estimator one architecture after another. An estimate
 * stopped part-way (a training that checkpointed on a stop request) ends the
 * round like a stop between estimates: the study is stopped, not failed.
 * It lets the event loop run before each estimate: a supernet's estimate is
 * synchronous tensor work, and awaiting it alone runs no timer or I/O, so an
 * off-process truth's workers would get no new job until every supernet was done.
 */
export function estimatorScorer(name: string, estimator: Estimator): Scorer {
  return {
    name,
    async scoreAll(genotypes, onScore, shouldStop) {
      for (let i = 0; i < genotypes.length; i++) {
        await yieldToEventLoop();
        if (shouldStop?.()) return;
        let estimate: Estimate;
        try {
          estimate = await estimator.estimate(genotypes[i]!);
        } catch (error) {
          if (error instanceof EstimateStopped) return;
          throw error;
        }
        onScore(i, estimate);
      }
    },
  };
}
