export * from './stats/index.js';
export { opBias, opCounts, type OpBias } from './op-bias.js';
export {
  BIAS_FILES,
  type BiasOutcome,
  type BiasReport,
  type BiasStudyOptions,
  type Scorer,
  type StudyArchitecture,
  type StudySupernet,
  type SupernetAgreement,
  type TrainingUsage,
} from './bias-api.js';
export { estimatorScorer } from './estimator-scorer.js';
export { optionShares } from './bias-report.js';
export { runBiasStudy } from './bias-study.js';
