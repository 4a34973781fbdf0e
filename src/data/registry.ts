import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NasError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { DATASET_NAMES, type Dataset, type DatasetName, type DatasetSpec, type Split } from './api.js';
import { loadCifar10 } from './load-cifar10.js';
import { loadFashionMnist, loadMnist } from './load-idx-dataset.js';

/** The command-line flag that names a data directory, quoted in errors. */
export const DATA_DIR_FLAG = '--data-dir';

/** Where Debian's dataset-fashion-mnist package puts the full data set. */
export const FASHION_MNIST_SYSTEM_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * The class-balanced Fashion-MNIST subset shipped in the package (1000 train,
 * 500 test; see scripts/make-fashion-subset.ts), so every install can search
 * and test without a download.
 */
export function embeddedFashionSubsetDir(): string | null {
  const root = packageRoot();
  return root === null ? null : join(root, 'data', 'fashion-mnist-subset');
}

/** Built-in data sets. */
export const DATASETS = {
  'fashion-mnist': {
    load: loadFashionMnist,
    defaultDirs: () => [FASHION_MNIST_SYSTEM_DIR, embeddedFashionSubsetDir()].filter((d): d is string => d !== null),
    missingHint: `pass ${DATA_DIR_FLAG} DIR or install the Debian package dataset-fashion-mnist`,
  },
  mnist: {
    load: loadMnist,
    defaultDirs: () => [],
    missingHint: `pass ${DATA_DIR_FLAG} DIR holding the MNIST IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz)`,
  },
  cifar10: {
    load: loadCifar10,
    defaultDirs: () => [],
    missingHint: `pass ${DATA_DIR_FLAG} DIR holding the CIFAR-10 binary version (data_batch_1.bin .. data_batch_5.bin, test_batch.bin)`,
  },
} as const satisfies Record<DatasetName, DatasetSpec>;

/** The spec of a named data set; an unknown name is a user error listing the known ones. */
export function datasetSpec(name: string): DatasetSpec {
  if (!(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new NasError(`unknown dataset '${name}' (known: ${DATASET_NAMES.join(', ')})`);
  }
  return DATASETS[name as DatasetName];
}

/** `--data-dir embedded` names the Fashion-MNIST subset shipped with the package, whatever else is installed. */
export const EMBEDDED_DATA = 'embedded';

/**
 * The directory to read `dataset` from: `dataDirFlag` when given (`embedded`:
 * the shipped subset), else the
 * first of the data set's default directories that exists (Fashion-MNIST: the
 * Debian package, then the embedded subset). None is a one-line NasError
 * saying what to pass or install.
 */
export function resolveDataDir(dataset: string, dataDirFlag?: string): string {
  const spec = datasetSpec(dataset);
  if (dataDirFlag === EMBEDDED_DATA) {
    const embedded = dataset === 'fashion-mnist' ? embeddedFashionSubsetDir() : null;
    if (embedded === null) throw new NasError(`${DATA_DIR_FLAG} ${EMBEDDED_DATA}: only fashion-mnist has an embedded subset`);
    return embedded;
  }
  if (dataDirFlag !== undefined && dataDirFlag !== '') return resolve(dataDirFlag);
  const found = spec.defaultDirs().find((dir) => existsSync(dir));
  if (found === undefined) throw new NasError(`no data directory for ${dataset}: ${spec.missingHint}`);
  return found;
}

/** One split of a named data set, from `dataDirFlag` or the default location (see resolveDataDir). */
export function loadDataset(dataset: string, split: Split, dataDirFlag?: string): Promise<Dataset> {
  const dir = resolveDataDir(dataset, dataDirFlag);
  return datasetSpec(dataset).load(dir, split);
}
