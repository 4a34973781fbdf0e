export { RUN_FILES, prepareRunDir, runFile } from './run-dir.js';
export { appendEpoch, readLog, truncateLog, type EpochRecord } from './epoch-log.js';
export {
  appendLedger,
  ledgerRecords,
  readLedger,
  resumeLedger,
  truncateLedger,
  type LedgerContents,
  type LedgerLine,
} from './ledger.js';
export { supernetFromConfig, type SupernetFromConfigOptions } from './supernet-from-config.js';
export {
  RUN_KINDS,
  TOOLKIT_NAME,
  parseRunHeader,
  readRunHeader,
  readRunHeaderOf,
  runHeader,
  type RunHeader,
  type RunKind,
} from './run-header.js';
export { openFinishedRun, type FinishedRun, type OpUsage } from './finished-run.js';
