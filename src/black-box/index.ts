export { QueryLog, type Query, type BlackBoxStrategy } from './api.js';
export { RandomSearch } from './random-search.js';
export { EVOLUTION_DEFAULTS, RegularizedEvolution, type EvolutionOptions } from './evolution.js';
export {
  BLACK_BOX_FILES,
  runBlackBox,
  type BlackBoxResult,
  type RunBlackBoxOptions,
  type RunBlackBoxOutcome,
  type SeedBest,
} from './run-black-box.js';
export { ComputeSpent, ReplayEstimator, type RecordedQuery } from './replay-estimator.js';
export { LocalSearch } from './local-search.js';
export { MultiObjectiveEvolution, PARETO_DEFAULTS, type FrontPoint, type ParetoOptions, type ParetoRun } from './multi-objective.js';
export { crowdingDistance, dominates, hypervolume2d, nonDominatedSort, paretoFront } from './pareto.js';
export * from './objectives/index.js';
export { BAYES_OPT_DEFAULTS, BayesianOptimisation, type BayesOptOptions } from './bayes-opt.js';
export { encodeGenotype } from './encode-genotype.js';
export * from './gp/index.js';
export { hyperbandBrackets, type Bracket, type HalvingRound, type HyperbandOptions } from './hyperband-schedule.js';
export {
  HYPERBAND_DEFAULTS,
  Hyperband,
  uniformSampler,
  type BracketSampler,
  type HyperbandDimension,
  type HyperbandStrategyOptions,
  type Observation,
} from './hyperband.js';
export { BOHB_DEFAULTS, BohbSampler, type BohbOptions } from './bohb-sampler.js';
