export { FEW_SHOT_FILE, type FewShotManifest, fewShotManifestSchema, isFewShotRun, readFewShotManifest } from './manifest.js';
export { type FewShotOptions, type FewShotResult, runFewShot } from './run-few-shot.js';
export { DEFAULT_SPLIT_EDGES, checkSplitEdges, memberDirName, splitMembers, splitOps, splitSpace } from './split.js';
