export * from './stats/index.js';
export { opBias, opCounts, type OpBias } from './op-bias.js';
export {
  BIAS_FILES,
  estimatorScorer,
  optionShares,
  runBiasStudy,
  type BiasOutcome,
  type BiasReport,
  type BiasStudyOptions,
  type Scorer,
  type StudyArchitecture,
  type StudySupernet,
  type SupernetAgreement,
  type TrainingUsage,
} from './bias-study.js';
