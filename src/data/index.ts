export { DATASET_NAMES, DATASET_SHAPES } from './api.js';
export type {
  Batch,
  BatchIteratorOptions,
  BatchAugment,
  BatchIteratorState,
  ChannelStats,
  DartsSplit,
  Dataset,
  DatasetName,
  DatasetSpec,
  Split,
} from './api.js';
export { isGzip, readDataFile, findDataFile } from './read-file.js';
export { parseIdx, idxMagic, type IdxArray } from './read-idx.js';
export { encodeIdx, writeIdx } from './write-idx.js';
export { IDX_FILES, loadIdxDataset, loadFashionMnist, loadMnist } from './load-idx-dataset.js';
export { idxDataset } from './idx-dataset.js';
export { CIFAR10_FILES, CIFAR10_RECORD_BYTES, parseCifar10Batch, loadCifar10 } from './load-cifar10.js';
export {
  DATASETS,
  DATA_DIR_FLAG,
  EMBEDDED_DATA,
  FASHION_MNIST_SYSTEM_DIR,
  datasetSpec,
  embeddedFashionSubsetDir,
  loadDataset,
  resolveDataDir,
} from './registry.js';
export { dartsSplit, recordBytes, selectRecords, takeSubset } from './select-records.js';
export { KNOWN_CHANNEL_STATS, computeChannelStats } from './channel-stats.js';
export { BatchIterator } from './batch-iterator.js';
