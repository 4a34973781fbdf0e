export {
  STRATEGY_NAMES,
  resolveSearchConfig,
  type SamplerConfig,
  type SearchConfig,
  type SearchRequest,
  type StrategyName,
} from './config.js';
export { createStrategy, type SearchStrategy } from './create-strategy.js';
export { fitSkeleton, searchData } from './search-data.js';
export { runSearch, type RunSearchOptions, type SearchProgress, type SearchResult } from './run-search.js';
