import { computeChannelStats, dartsSplit, loadDataset, takeSubset, type ChannelStats, type Dataset } from '../data/index.js';
import { NasError } from '../errors.js';
import type { TableRecipe } from './api.js';
import { resizeArea } from './resize-area.js';

/** The images every run of a table sees: train and val from the training split (disjoint), test from the test split. */
export interface TableData {
  readonly train: Dataset;
  readonly val: Dataset;
  readonly test: Dataset;
  /** Normalisation, from the training images. */
  readonly stats: ChannelStats;
}

const cache = new Map<string, Promise<TableData>>();

/**
 * A table's data, loaded once per process and data recipe: `valSize` images
 * held out of the training split by a draw seeded with the recipe's
 * `dataSeed` (the same for every architecture and seed, so runs compare), a
 * class-balanced `trainLimit` of the rest, a class-balanced `testLimit` of
 * the test split, all area-resized to `imageSize`.
 */
export function tableData(recipe: TableRecipe): Promise<TableData> {
  const key = JSON.stringify([
    recipe.dataset,
    recipe.imageSize,
    recipe.trainLimit,
    recipe.valSize,
    recipe.testLimit,
    recipe.dataSeed,
    recipe.dataDir,
  ]);
  let data = cache.get(key);
  if (data === undefined) {
    data = loadTableData(recipe);
    cache.set(key, data);
    data.catch(() => cache.delete(key));
  }
  return data;
}

async function loadTableData(recipe: TableRecipe): Promise<TableData> {
  const dataDir = recipe.dataDir ?? undefined;
  const all = await loadDataset(recipe.dataset, 'train', dataDir);
  if (recipe.valSize >= all.count)
    throw new NasError(`--val-size ${recipe.valSize} leaves no training images (the ${recipe.dataset} training split has ${all.count})`);
  const split = dartsSplit(all, (all.count - recipe.valSize + 0.5) / all.count, `${recipe.dataSeed}/val`);
  const limit = (d: Dataset, n: number | null, what: string) =>
    n === null || n >= d.count ? d : takeSubset(d, n, `${recipe.dataSeed}/${what}`);
  const size = (d: Dataset) => (recipe.imageSize === null ? d : resizeArea(d, recipe.imageSize));
  const train = size(limit(split.train, recipe.trainLimit, 'train'));
  const test = size(limit(await loadDataset(recipe.dataset, 'test', dataDir), recipe.testLimit, 'test'));
  return { train, val: size(split.val), test, stats: computeChannelStats(train) };
}
