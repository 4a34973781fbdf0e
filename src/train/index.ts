export { accuracy, crossEntropy } from './loss.js';
export { gradsOf, globalNorm } from './grads.js';
export {
  BATCH_NORM_MODES,
  evaluateBatches,
  evaluateBatchesAsync,
  evaluationTotals,
  summarise,
  type BatchNormMode,
  type EvaluateOptions,
  type Evaluation,
  type EvaluationTotals,
  type Forward,
} from './evaluate.js';
export { GradientSum, classifierStep, gradientStep, type ClassifierPass, type Grads, type StepScalars } from './step.js';
export { readScalars, readTogether } from './read-back.js';
export { WEIGHT_TRAINER_DEFAULTS, WeightTrainer, weightTrainerSchema, type WeightTrainerOptions } from './weight-trainer.js';
export * from './optim/index.js';
