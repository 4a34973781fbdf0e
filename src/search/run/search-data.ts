import type { Skeleton } from '../../../supernets/index.js';
import { dartsSplit, loadDataset, takeSubset, type Dataset } from '../../data/index.js';
import { readTable, tableData, tableRecipe } from '../../table/index.js';
import type { SearchConfig } from './config.js';

/**
 * The images of a search: the (optionally limited) training split, cut into
 * the weights' part (`train`) and the architecture's part (`val`) as the
 * search cut them. Estimators built on a search's supernet use the same cut,
 * so they never score on images the weights were trained on. A search on a
 * table's split (`dataFromTable`) takes the table's images instead (`tableData`:
 * its training images for the weights, its val images for the architecture,
 * resized as the table's), so that its derived architecture is judged on
 * the split it was searched on.
 */
export async function searchData(config: SearchConfig): Promise<{ all: Dataset; train: Dataset; val: Dataset }> {
  if (config.dataFromTable !== undefined) {
    const table = await tableData(tableRecipe(readTable(config.dataFromTable)));
    return { all: table.train, train: table.train, val: table.val };
  }
  const full = await loadDataset(config.dataset, 'train', config.dataDir ?? undefined);
  const all = config.trainLimit === null ? full : takeSubset(full, Math.min(config.trainLimit, full.count), `${config.seed}/subset`);
  return { all, ...dartsSplit(all, config.trainPortion, config.seed) };
}

/** The skeleton with the data's channels and classes filled in. */
export function fitSkeleton(skeleton: Skeleton, data: Dataset): Skeleton {
  return { ...skeleton, inputChannels: data.channels, classes: data.classes };
}
