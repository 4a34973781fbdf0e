export type { SearchContext, StepMetrics, Strategy } from './api.js';
export * from './darts/index.js';
export * from './run/index.js';
export * from './samplers/index.js';
export * from './gdas/index.js';
export * from './enas/index.js';
export {
  BUILTIN_STRATEGIES,
  registerStrategy,
  strategyByName,
  strategyNames,
  strategySpecs,
  type BuiltinStrategyName,
} from './registry.js';
export { defineStrategy, type StrategySpec } from './strategy-spec.js';
export { optimizerStateSchema, parseState, progressStateSchema, roundedWeights, slotOf } from './state.js';
