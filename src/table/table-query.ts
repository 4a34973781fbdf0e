import { readFileSync } from 'node:fs';
import { spaceByName } from '../../cells/index.js';
import type { SearchSpace } from '../space/api.js';
import { canonicalString, computationKey, parseGenotype } from '../space/index.js';
import { NasError, firstLine } from '../errors.js';
import type { TableEntry, TableFile } from './api.js';
import { readTable } from './table-file.js';

/** A row of a table this toolkit built, or of a plain NAS-Bench-201-shaped one (`val` and `test` only). */
export type TableRow = Pick<TableEntry, 'val' | 'test'> & Partial<TableEntry>;

/** What `queryTable` reads: NAS-Bench-201's `{ archs: { <arch>: { val, test } } }`, with the toolkit's fields where present. */
export interface QueryableTable {
  readonly archs: Readonly<Record<string, TableRow>>;
}

/** What a table says of one asked architecture (NAS-Bench-201's `query_by_arch`, with the table's own ranks). */
export interface TableAnswer {
  /** The architecture as asked, in canonical form. */
  readonly arch: string;
  /** The table's key that answered: the architecture itself, or an isomorphic twin (same computation). */
  readonly key: string;
  readonly entry: TableRow;
  /** 1 = the table's best val; ties share the better rank. */
  readonly valRank: number;
  /** Share (%) of the table's architectures with a lower test accuracy (the comparison's percentile). */
  readonly testPercentile: number;
  /** Architectures in the table. */
  readonly of: number;
}

/**
 * Looks architectures up in a table: by canonical string, else by computation
 * (an isomorphic cell, or one differing only in edges that cannot reach the
 * output, gets its twin's row, as the `table:` estimator answers). An
 * unparsable architecture, or one the table lacks, is a one-line `NasError`
 * naming it.
 */
export function queryTable(space: SearchSpace, file: string, table: QueryableTable, asked: readonly string[]): TableAnswer[] {
  const keys = Object.keys(table.archs);
  const byComputation = new Map<string, string>();
  for (const key of keys) {
    const row = table.archs[key];
    if (typeof row?.val !== 'number' || typeof row.test !== 'number')
      throw new NasError(`table ${file}: '${key}' needs numeric "val" and "test"`);
    let genotype: ReturnType<typeof parseGenotype>;
    try {
      genotype = parseGenotype(space, key);
    } catch (error) {
      throw new NasError(`table ${file}: '${key}' is not an architecture of the ${space.name} space (${firstLine(error)})`);
    }
    const computation = computationKey(space, genotype);
    if (!byComputation.has(computation)) byComputation.set(computation, key);
  }
  const vals = keys.map((k) => table.archs[k]!.val);
  const tests = keys.map((k) => table.archs[k]!.test);
  return asked.map((text) => {
    let genotype: ReturnType<typeof parseGenotype>;
    try {
      genotype = parseGenotype(space, text);
    } catch (error) {
      if (error instanceof NasError) throw new NasError(`'${text}' is not an architecture of the ${space.name} space: ${error.message}`);
      throw error;
    }
    const arch = canonicalString(genotype);
    const key = table.archs[arch] !== undefined ? arch : byComputation.get(computationKey(space, genotype));
    if (key === undefined)
      throw new NasError(
        `the table ${file} has no entry for ${arch} (it holds ${keys.length}; nas table add trains it with the table's recipe)`,
      );
    const entry = table.archs[key]!;
    return {
      arch,
      key,
      entry,
      valRank: 1 + vals.filter((v) => v > entry.val).length,
      testPercentile: (100 * tests.filter((t) => t < entry.test).length) / tests.length,
      of: keys.length,
    };
  });
}

/**
 * A table to query and the space it is of: one built by `nas table build`
 * (its header names the space; `spaceName`, when given, must agree), or a
 * plain NAS-Bench-201-shaped one (`{ ops, archs }`, such as the NB201 CIFAR-10
 * table), whose ops must be the space's (`spaceName`, default nb201).
 */
export function readQueryableTable(file: string, spaceName?: string): { space: SearchSpace; table: QueryableTable } {
  let raw: { header?: unknown; ops?: unknown; archs?: unknown };
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as typeof raw;
  } catch (error) {
    throw new NasError(`cannot read table ${file}: ${firstLine(error)}`);
  }
  if (raw?.header !== undefined) {
    const table = readTable(file);
    if (spaceName !== undefined && spaceName !== table.header.space)
      throw new NasError(`table ${file} is of the ${table.header.space} space, not ${spaceName}`);
    return { space: spaceByName(table.header.space), table };
  }
  const space = spaceByName(spaceName ?? 'nb201');
  const spaceOps = space.kind === 'cell' ? space.ops.join(',') : '';
  if (!Array.isArray(raw?.ops) || raw.ops.join(',') !== spaceOps)
    throw new NasError(`table ${file} has ops [${Array.isArray(raw?.ops) ? raw.ops.join(', ') : 'none'}], not the ${space.name} space's`);
  if (typeof raw.archs !== 'object' || raw.archs === null) throw new NasError(`table ${file} has no "archs" object`);
  return { space, table: raw as QueryableTable };
}

const CSV_COLUMNS = ['arch', 'seed', 'val', 'test', 'train_loss', 'seconds', 'cpu_seconds', 'params', 'mult_adds'] as const;

/**
 * The table as CSV, one row per (architecture, seed) run, sorted as the table
 * is; with `curves`, the per-epoch train loss, val and test (and val loss
 * where recorded) as columns `train_loss_e1 ... val_loss_eN`. A field with a
 * comma, quote or line break (an architecture string of some spaces) is quoted
 * as RFC 4180 says; a value the run did not record (cpu seconds, val loss of
 * older runs) is an empty field.
 */
export function tableCsv(table: TableFile, options: { curves?: boolean } = {}): string {
  const epochs = table.header.recipe.epochs;
  const perEpoch = ['train_loss', 'val', 'test', 'val_loss'] as const;
  const header: string[] = [...CSV_COLUMNS];
  if (options.curves) for (const field of perEpoch) for (let e = 1; e <= epochs; e++) header.push(`${field}_e${e}`);
  const lines = [header.join(',')];
  for (const [arch, entry] of Object.entries(table.archs)) {
    for (const run of entry.runs) {
      const cells: (number | string | undefined)[] = [
        arch,
        run.seed,
        run.val,
        run.test,
        run.train_loss,
        run.seconds,
        run.cpu_seconds,
        entry.params,
        entry.mult_adds,
      ];
      if (options.curves) for (const field of perEpoch) for (let e = 0; e < epochs; e++) cells.push(run.curve[e]?.[field]);
      lines.push(cells.map(csvField).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: number | string | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
