export { accuracy, crossEntropy } from './loss.js';
export { gradsOf, globalNorm } from './grads.js';
export { BATCH_NORM_MODES, evaluateBatches, type BatchNormMode, type EvaluateOptions, type Evaluation, type Forward } from './evaluate.js';
export { GradientSum, classifierStep, gradientStep, type ClassifierPass, type Grads } from './step.js';
export { WEIGHT_TRAINER_DEFAULTS, WeightTrainer, weightTrainerSchema, type WeightTrainerOptions } from './weight-trainer.js';
export * from './optim/index.js';
