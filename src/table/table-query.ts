import type { SearchSpace } from '../space/api.js';
import { canonicalString, computationKey, parseGenotype } from '../space/index.js';
import { NasError } from '../errors.js';
import type { TableEntry, TableFile } from './api.js';

/** What a table says of one asked architecture (NAS-Bench-201's `query_by_arch`, with the table's own ranks). */
export interface TableAnswer {
  /** The architecture as asked, in canonical form. */
  readonly arch: string;
  /** The table's key that answered: the architecture itself, or an isomorphic twin (same computation). */
  readonly key: string;
  readonly entry: TableEntry;
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
export function queryTable(space: SearchSpace, file: string, table: TableFile, asked: readonly string[]): TableAnswer[] {
  const keys = Object.keys(table.archs);
  const byComputation = new Map<string, string>();
  for (const key of keys) {
    const computation = computationKey(space, parseGenotype(space, key));
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
