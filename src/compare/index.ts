export {
  COMPARE_FILES,
  type CompareRecord,
  type CompareSettings,
  type LookupRecord,
  type NasCommand,
  type RunRecord,
  type TauRecord,
} from './api.js';
export { childProcessNas, STOP_WITH_PARENT } from './child-nas.js';
export { COMPARE_COLUMNS, compareLines, rowCells } from './format.js';
export { chooseMethods, compareMethods, registerCompareMethod, type CompareMethod, type MethodKind } from './methods.js';
export { BEATS_RANDOM_RULE, compareResults, meanStd, type CompareResults, type MeanStd, type MethodRow } from './results.js';
export { checkCompareSettings, runCompare, type CompareOutcome, type RunCompareOptions } from './run-compare.js';
export { METHOD_STEPS, snapshotEpochs } from './steps.js';
export { tableArchitectures, tablePool } from './table-pool.js';
