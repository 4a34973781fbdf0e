import type { Dataset, Split } from './api.js';
import { IDX_FILES, idxDataset } from './idx-dataset.js';
import { findDataFile, readDataFile } from './read-file.js';
import { parseIdx } from './read-idx.js';

export { IDX_FILES } from './idx-dataset.js';

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
  return idxDataset(`${name}/${split}`, images, labels, { images: imagesFile, labels: labelsFile });
}

/** Fashion-MNIST (Xiao et al. 2017): 60000 train / 10000 test 28x28 grey images of clothing, 10 classes. */
export function loadFashionMnist(dir: string, split: Split): Promise<Dataset> {
  return loadIdxDataset('fashion-mnist', dir, split);
}

/** MNIST (LeCun et al. 1998): 60000 train / 10000 test 28x28 grey digits. */
export function loadMnist(dir: string, split: Split): Promise<Dataset> {
  return loadIdxDataset('mnist', dir, split);
}
