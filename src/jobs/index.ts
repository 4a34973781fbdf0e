export { QueueScorer, type QueueScorerOptions } from './queue-scorer.js';
export { connectRedis } from './redis.js';
export { TRUTH_QUEUE, runTruthJob, truthJobId, type TruthJob } from './truth-job.js';
export { startTruthWorker, type TruthWorkerOptions } from './truth-worker.js';
export { LocalPoolScorer, type LocalPoolOptions, type PoolReply, type PoolRequest } from './local-pool.js';
