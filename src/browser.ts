/**
 * The toolkit's search path for a browser bundle (examples/browser): spaces
 * and genotypes, supernets, the one-shot strategies, the WebGPU backend on
 * the browser's `navigator.gpu` with the toolkit's kernels, and data from
 * IDX bytes. Nothing here imports a Node built-in (test/browser/bundle.test.ts
 * bundles it for the browser and fails on one); the Node entry (index.ts)
 * adds files, checkpoints, runs, reports and the CLI's engines.
 */
export { NasError } from './errors.js';
export * from '../cells/index.js';
export * from '../supernets/index.js';
export * from './space/index.js';
export * from './ops/index.js';
export * from './supernet/index.js';
export * from './train/index.js';
export type { SearchContext, StepMetrics, Strategy } from './search/api.js';
export * from './search/darts/index.js';
export * from './search/samplers/index.js';
export * from './search/gdas/index.js';
export * from './search/enas/index.js';
export {
  BUILTIN_STRATEGIES,
  registerStrategy,
  strategyByName,
  strategyNames,
  strategySpecs,
  type BuiltinStrategyName,
} from './search/registry.js';
export { defineStrategy, type StrategySpec } from './search/strategy-spec.js';
export { settleSearchConfig, type SearchConfig, type SearchRequest } from './search/run/settle-config.js';
export { createStrategy } from './search/run/create-strategy.js';
export { supernetFromConfig } from './runs/supernet-from-config.js';
export { DATASET_NAMES, DATASET_SHAPES } from './data/api.js';
export type { Batch, BatchIteratorOptions, BatchIteratorState, ChannelStats, DartsSplit, Dataset, DatasetName, Split } from './data/api.js';
export { parseIdx, idxMagic, type IdxArray } from './data/read-idx.js';
export { IDX_FILES, idxDataset } from './data/idx-dataset.js';
export { isGzip } from './data/gzip-magic.js';
export { dartsSplit, recordBytes, selectRecords, takeSubset } from './data/select-records.js';
export { computeChannelStats } from './data/channel-stats.js';
export { BatchIterator } from './data/batch-iterator.js';
export { registerTrainingKernels } from './kernels/register.js';
export { DeviceErrorGuard } from './backend/webgpu-errors.js';
export { initBrowserWebGpu, type BrowserWebGpu, type TfjsWebGpuModule } from './backend/webgpu-browser.js';
export { fetchIdxDataset } from './web/fetch-dataset.js';
export { runSearchSteps, type SearchStepsOptions, type SearchStepsResult, type StepRecord } from './web/search-steps.js';
