export { PRUNE_FILES, type PruneManifest, pruneManifestSchema, readPruneManifest } from './manifest.js';
export { type PrunePool, poolArchitectures, topShare } from './pool.js';
export { type PruneAgreement, pruneAgreement } from './prune-report.js';
export { type PruneOptions, type PruneOutcome, runPrune } from './run-prune.js';
export { scoreIntoLedger } from './score-ledger.js';
export { seedPairs } from './seed-noise.js';
