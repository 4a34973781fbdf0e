export { positiveInt, resolveSearchConfig, type SearchConfig, type SearchRequest } from './config.js';
export { COMMON_SETTING_KEYS, commonSettingsSchema } from './settings.js';
export { createStrategy } from './create-strategy.js';
export { fitSkeleton, searchData } from './search-data.js';
export { runSearch, type RunSearchOptions, type SearchProgress, type SearchResult } from './run-search.js';
