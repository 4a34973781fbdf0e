export { resolveSearchConfig, type SearchConfig, type SearchRequest } from './config.js';
export { runSearch, type RunSearchOptions, type SearchProgress, type SearchResult } from './run-search.js';
export { RUN_FILES, prepareRunDir, runFile } from './run-dir.js';
export { readLog, type EpochRecord } from './epoch-log.js';
