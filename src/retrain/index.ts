export { evalSkeleton, resolveRetrainConfig, retrainSkeleton, type RetrainConfig, type RetrainRequest } from './config.js';
export { dartsAugment, type AugmentOptions } from './augment.js';
export { evaluate, type Classifier, type Evaluation } from './evaluate.js';
export { inheritWeights } from './inherit.js';
export {
  runRetrain,
  type RetrainEpochRecord,
  type RetrainOutcome,
  type RetrainProgress,
  type RetrainResult,
  type RunRetrainOptions,
} from './run-retrain.js';
export { loadRetrainedModel, type RetrainedModel } from './load-run.js';
export type { RetrainCheckpointMeta } from './run-retrain.js';
export { multAdds } from './mult-adds.js';
