import { join } from 'node:path';
import { assembleTable, resolveTableRecipe, writeTable, type TableFile, type TableRun } from '../../src/table/index.js';

/**
 * One hand-made run of a table (no training): 2 epochs, the last at `val` and
 * `test`, the first 10 points lower; seed 1 records CPU seconds and val
 * loss, as newer runs do, seed 2 not, as older ones.
 */
export function fakeRun(arch: string, seed: number, val: number, test: number): TableRun {
  return {
    arch,
    seed,
    val,
    test,
    train_loss: 0.5,
    seconds: 10 + seed,
    ...(seed === 1 ? { cpu_seconds: 9.5 } : {}),
    params: arch.length,
    mult_adds: 1000 * arch.length,
    curve: [
      { train_loss: 1, val: val - 10, test: test - 10, ...(seed === 1 ? { val_loss: 0.9 } : {}) },
      { train_loss: 0.5, val, test },
    ],
  };
}

/** A table of an NB201 recipe (2 epochs) assembled from `runs` and written to `dir/name.json`, as `nas table build` writes one. */
export function writeFakeTable(dir: string, name: string, runs: readonly TableRun[]): { file: string; table: TableFile } {
  const recipe = { ...resolveTableRecipe({ space: 'nb201', dataDir: 'embedded' }), epochs: 2 };
  const table = assembleTable(
    { toolkit: 'test', space: 'nb201', dataset: 'fashion-mnist', recipe },
    join(dir, `${name}.ledger.jsonl`),
    runs,
  );
  const file = join(dir, `${name}.json`);
  writeTable(file, table);
  return { file, table };
}
