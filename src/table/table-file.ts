import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { spaceByName } from '../../cells/index.js';
import { writeFileAtomicSync } from '../checkpoint/index.js';
import { NasError, firstLine } from '../errors.js';
import type { TableEntry, TableFile, TableHeader, TableRecipe, TableRun } from './api.js';

/** The ledger next to a table file: `t.json` -> `t.ledger.jsonl`. */
export function ledgerPath(table: string): string {
  return `${table.replace(/\.json$/, '')}.ledger.jsonl`;
}

const mean = (values: readonly number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000;

/**
 * The table of a ledger's runs: per architecture, `val` and `test` the means
 * over its seeds (the NB201 shape the `table:` estimator reads) and every run
 * with its curve. A seed trained twice (two builds racing) counts once: the
 * first record wins.
 */
export function assembleTable(header: Omit<TableHeader, 'kind' | 'ledger'>, ledger: string, runs: readonly TableRun[]): TableFile {
  const byArch = new Map<string, Map<number, TableRun>>();
  for (const run of runs) {
    const seeds = byArch.get(run.arch) ?? new Map<number, TableRun>();
    if (!seeds.has(run.seed)) seeds.set(run.seed, run);
    byArch.set(run.arch, seeds);
  }
  const archs: Record<string, TableEntry> = {};
  for (const [arch, seeds] of [...byArch].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const list = [...seeds.values()].sort((a, b) => a.seed - b.seed);
    archs[arch] = {
      val: mean(list.map((r) => r.val)),
      test: mean(list.map((r) => r.test)),
      params: list[0]!.params,
      mult_adds: list[0]!.mult_adds,
      runs: list.map(({ seed, val, test, train_loss, seconds, cpu_seconds, curve }) => ({
        seed,
        val,
        test,
        train_loss,
        seconds,
        ...(cpu_seconds === undefined ? {} : { cpu_seconds }),
        curve,
      })),
    };
  }
  const { recipe } = header;
  return {
    benchmark: `${header.space} space, ${header.dataset} at ${recipe.imageSize ?? 'full'}px, C=${recipe.channels} N=${recipe.cellsPerStage}, ${recipe.epochs} epochs (tfjs-nas table)`,
    header: { kind: 'nas-table', ...header, ledger: basename(ledger) },
    fields: {
      val: `accuracy (%) on ${recipe.valSize} images held out of the ${header.dataset} training split, mean over seeds`,
      test: `accuracy (%) on the ${header.dataset} test split${recipe.testLimit === null ? '' : ` (${recipe.testLimit} images)`}, mean over seeds`,
      curve: 'per epoch: mean train loss, val and test accuracy (%)',
      mult_adds: 'multiply-adds of one inference on one image',
    },
    ops: opsOf(header.space),
    archs,
  };
}

function opsOf(space: string): readonly string[] {
  const s = spaceByName(space);
  return s.kind === 'cell' ? s.ops : [];
}

/** Writes a table as compact JSON, atomically (a reader never sees half a table); synchronous, so runs finishing together never land out of order. */
export function writeTable(file: string, table: TableFile): void {
  writeFileAtomicSync(file, `${JSON.stringify(table)}\n`);
}

/** A table built by this toolkit, with its header checked; anything else is a one-line `NasError`. */
export function readTable(file: string): TableFile {
  let table: Partial<TableFile>;
  try {
    table = JSON.parse(readFileSync(file, 'utf8')) as Partial<TableFile>;
  } catch (error) {
    throw new NasError(`cannot read table ${file}: ${firstLine(error)}`);
  }
  const header = table.header as Partial<TableHeader> | undefined;
  if (header?.kind !== 'nas-table' || typeof header.recipe !== 'object' || header.recipe === null)
    throw new NasError(`${file} is not a table built by nas table build (no "header" with a recipe)`);
  if (typeof table.archs !== 'object' || table.archs === null) throw new NasError(`table ${file} has no "archs" object`);
  return table as TableFile;
}

/** The recipe a table was built with. */
export function tableRecipe(table: TableFile): TableRecipe {
  return table.header.recipe;
}
