import { NasError } from '../../errors.js';
import { readTable, tableRecipe, type TableRecipe } from '../../table/index.js';

/** The settings a search takes from a table it searches on (`dataFromTable`): the table's data and network. */
export interface TableSearchSettings {
  readonly recipe: TableRecipe;
  readonly space: string;
  readonly dataset: string;
  readonly dataDir: string | null;
  readonly trainLimit: number | null;
}

/**
 * What a search on a table's split takes from `file`'s recipe: its space,
 * data set, data location and training images. A setting the caller gave
 * that disagrees with the table is a one-line `NasError` naming both, since
 * a search on other images could not be judged by the table's numbers.
 */
export function tableSearchSettings(
  file: string,
  given: { readonly space?: string; readonly dataset?: string; readonly dataDir?: string | null; readonly trainLimit?: number | null },
): TableSearchSettings {
  const table = readTable(file);
  const recipe = tableRecipe(table);
  const settings: TableSearchSettings = {
    recipe,
    space: table.header.space,
    dataset: recipe.dataset,
    dataDir: recipe.dataDir,
    trainLimit: recipe.trainLimit,
  };
  for (const key of ['space', 'dataset', 'dataDir', 'trainLimit'] as const) {
    const value = given[key];
    if (value !== undefined && value !== settings[key])
      throw new NasError(`--data-from-table ${file}: the table's ${key} is ${String(settings[key])}, not the asked ${String(value)}`);
  }
  return settings;
}
