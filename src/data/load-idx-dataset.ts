import { NasError } from '../errors.js';
import type { Dataset, Split } from './api.js';
import { checkLabels } from './check-labels.js';
import { findDataFile, readDataFile } from './read-file.js';
import { parseIdx } from './read-idx.js';

/** File names MNIST and Fashion-MNIST share (each also read as `.gz`). */
export const IDX_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const satisfies Record<Split, { images: string; labels: string }>;

/**
 * One split of an MNIST-format data set (28x28 grey images, 10 classes) from
 * `dir`, checking that the two files agree on the record count.
 */
export async function loadIdxDataset(name: string, dir: string, split: Split): Promise<Dataset> {
  const imagesFile = findDataFile(dir, IDX_FILES[split].images);
  const labelsFile = findDataFile(dir, IDX_FILES[split].labels);
  const [images, labels] = await Promise.all([
    readDataFile(imagesFile).then((bytes) => parseIdx(bytes, 3, imagesFile)),
    readDataFile(labelsFile).then((bytes) => parseIdx(bytes, 1, labelsFile)),
  ]);
  const [count = 0, height = 0, width = 0] = images.dims;
  if (labels.data.length !== count) {
    throw new NasError(`${imagesFile} has ${count} images but ${labelsFile} has ${labels.data.length} labels`);
  }
  const classes = 10;
  checkLabels(labels.data, classes, labelsFile);
  return { name: `${name}/${split}`, images: images.data, labels: labels.data, count, height, width, channels: 1, classes };
}

/** Fashion-MNIST (Xiao et al. 2017): 60000 train / 10000 test 28x28 grey images of clothing, 10 classes. */
export function loadFashionMnist(dir: string, split: Split): Promise<Dataset> {
  return loadIdxDataset('fashion-mnist', dir, split);
}

/** MNIST (LeCun et al. 1998): 60000 train / 10000 test 28x28 grey digits. */
export function loadMnist(dir: string, split: Split): Promise<Dataset> {
  return loadIdxDataset('mnist', dir, split);
}
