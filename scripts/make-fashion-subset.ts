/**
 * Build the embedded Fashion-MNIST subset in data/fashion-mnist-subset/: a
 * seeded, class-balanced selection from the full data set (100 train and 50
 * test images per class), written as the same gzipped IDX files the loaders
 * read. The selection is deterministic, so re-running it reproduces the
 * committed files byte for byte.
 *
 *   npx tsx scripts/make-fashion-subset.ts [SOURCE_DIR]
 *
 * SOURCE_DIR defaults to the Debian package dataset-fashion-mnist's directory.
 */
import { join } from 'node:path';
import {
  FASHION_MNIST_SYSTEM_DIR,
  IDX_FILES,
  embeddedFashionSubsetDir,
  loadFashionMnist,
  takeSubset,
  writeIdx,
} from '../src/data/index.js';
import type { Split } from '../src/data/index.js';

const SIZES = { train: 1000, test: 500 } as const satisfies Record<Split, number>;
const SEED = 'fashion-mnist-subset-v1';

const source = process.argv[2] ?? FASHION_MNIST_SYSTEM_DIR;
const target = embeddedFashionSubsetDir();
if (target === null) throw new Error('package root not found');

for (const split of ['train', 'test'] as const) {
  const full = await loadFashionMnist(source, split);
  const subset = takeSubset(full, SIZES[split], `${SEED}/${split}`);
  await writeIdx(join(target, `${IDX_FILES[split].images}.gz`), {
    dims: [subset.count, subset.height, subset.width],
    data: subset.images,
  });
  await writeIdx(join(target, `${IDX_FILES[split].labels}.gz`), { dims: [subset.count], data: subset.labels });
  console.log(`${split}: ${subset.count} of ${full.count} images -> ${target}`);
}
