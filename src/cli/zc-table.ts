import { spaceByName } from '../../cells/index.js';
import { BatchIterator } from '../data/index.js';
import { NasError } from '../errors.js';
import { ZeroCostEstimator, type ZcBatch, zcProxy } from '../estimators/zero-cost/index.js';
import { readTable, tableData, tableRecipe } from '../table/index.js';

/** What `--zc-table` must agree with when the command also sets it. */
export interface ZeroCostTableFlags {
  space?: string;
  dataset?: string;
  seed: string;
  zcBatchSize: number;
  retrainChannels?: number;
  retrainLayers?: number;
}

function agree(flag: string, given: string | number | undefined, table: string | number, file: string): void {
  if (given !== undefined && given !== table) throw new NasError(`${flag} ${given} disagrees with ${file}, whose recipe has ${table}`);
}

/**
 * `zc:NAME` scored on a table's own network and images (`--zc-table FILE`):
 * the recipe's space, channels and cells per stage, its image size, and for
 * the proxies that need data one batch of the table's training images,
 * normalised as the table's trainings saw them. A proxy is then judged on
 * the networks the table measured, not on a differently shaped stand-in.
 */
export async function zeroCostFromTable(spec: string, file: string, flags: ZeroCostTableFlags): Promise<ZeroCostEstimator> {
  const name = spec.slice(spec.indexOf(':') + 1);
  const proxy = zcProxy(name);
  const recipe = tableRecipe(readTable(file));
  agree('--space', flags.space, recipe.space, file);
  agree('--dataset', flags.dataset, recipe.dataset, file);
  agree('--retrain-channels', flags.retrainChannels, recipe.channels, file);
  agree('--retrain-layers', flags.retrainLayers, recipe.cellsPerStage, file);
  if (!(flags.zcBatchSize > 0)) throw new NasError(`--zc-batch-size must be a positive integer, got ${flags.zcBatchSize}`);
  const data = await tableData(recipe);
  const input = { image: [data.train.height, data.train.width, data.train.channels] as const, classes: data.train.classes };
  let batch: ZcBatch | undefined;
  if (proxy.needsBatch) {
    const it = new BatchIterator(data.train, {
      batchSize: Math.min(flags.zcBatchSize, data.train.count),
      seed: `${flags.seed}/zc-batch`,
      stats: data.stats,
    });
    const next = it.next();
    batch = { x: next.x, labels: next.y };
  }
  try {
    return new ZeroCostEstimator(spaceByName(recipe.space), name, {
      input,
      ...(batch ? { batch } : {}),
      seed: flags.seed,
      channels: recipe.channels,
      layers: recipe.cellsPerStage,
    });
  } catch (error) {
    batch?.x.dispose();
    batch?.labels.dispose();
    throw error;
  }
}
