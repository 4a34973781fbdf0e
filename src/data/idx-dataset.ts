import { NasError } from '../errors.js';
import type { Dataset, Split } from './api.js';
import { checkLabels } from './check-labels.js';
import type { IdxArray } from './read-idx.js';

/** File names MNIST and Fashion-MNIST share (each also read as `.gz`). */
export const IDX_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const satisfies Record<Split, { images: string; labels: string }>;

/**
 * An MNIST-format data set (grey images, 10 classes) from its parsed image
 * and label arrays, checking that they agree on the record count and that
 * every label is a class. No file access: the Node loader reads the files,
 * a browser fetches them (src/web/fetch-dataset.ts); `files` only names them
 * in errors.
 */
export function idxDataset(
  name: string,
  images: IdxArray,
  labels: IdxArray,
  files: { readonly images: string; readonly labels: string },
): Dataset {
  const [count = 0, height = 0, width = 0] = images.dims;
  if (labels.data.length !== count) {
    throw new NasError(`${files.images} has ${count} images but ${files.labels} has ${labels.data.length} labels`);
  }
  const classes = 10;
  checkLabels(labels.data, classes, files.labels);
  return { name, images: images.data, labels: labels.data, count, height, width, channels: 1, classes };
}
