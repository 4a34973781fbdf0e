export { RUN_FILES, prepareRunDir, runFile } from './run-dir.js';
export { readLog, type EpochRecord } from './epoch-log.js';
export { supernetFromConfig, type SupernetFromConfigOptions } from './supernet-from-config.js';
