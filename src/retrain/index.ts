export { evalSkeleton, resolveRetrainConfig, retrainSkeleton, type RetrainConfig, type RetrainRequest } from './config.js';
export { dartsAugment, type AugmentOptions } from './augment.js';
export { evaluate, type Classifier, type Evaluation } from './evaluate.js';
export { inheritWeights } from './inherit.js';
export { runRetrain } from './run-retrain.js';
export type { RetrainEpochRecord, RetrainOutcome, RetrainProgress, RetrainResult, RunRetrainOptions } from './retrain-api.js';
export { loadRetrainedModel, type RetrainedModel } from './load-run.js';
export type { RetrainCheckpointMeta } from './retrain-api.js';
export { multAdds } from './mult-adds.js';
