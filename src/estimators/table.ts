import { readFileSync } from 'node:fs';
import { NasError, firstLine } from '../errors.js';
import { canonicalString, computationKey, parseGenotype } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import { buildTable } from '../table/build-table.js';
import type { TableHeader } from '../table/api.js';
import type { Estimate, Estimator } from './api.js';

interface TableFileShape {
  readonly benchmark?: string;
  readonly header?: Partial<TableHeader>;
  readonly ops?: unknown;
  readonly archs?: Record<string, { readonly val?: unknown; readonly test?: unknown; readonly runs?: readonly { seed?: unknown }[] }>;
}

export interface TableEstimatorOptions {
  /** The data set the caller asks about: a table whose header names another is refused. */
  readonly dataset?: string;
  /** Train an architecture the table lacks with the table's own recipe and add it (a table built by `nas table build` only). */
  readonly grow?: boolean;
}

interface Row {
  readonly val: number;
  readonly test: number;
}

/**
 * A tabular benchmark (NAS-Bench-201's shape: `{ ops, archs: { "<arch string>":
 * { val, test } } }`) as an estimator: the score is `val`, the reported test
 * accuracy `test`, each query costs 1. The table must be of the space: its
 * ops the space's, every key an architecture of it, and, for a table built by
 * `nas table build`, its header's space (and the asked data set, when given).
 * An architecture missing from the table is looked up by its computation
 * (`computationKey`: an isomorphic cell gets its twin's row); one still
 * missing is a one-line error naming it, or, with `grow`, is trained with the
 * table's recipe and added to the table (its cost: the training seconds).
 */
export class TableEstimator implements Estimator {
  readonly name: string;
  private readonly entries = new Map<string, Row>();
  private readonly byComputation = new Map<string, Row>();
  private readonly header: Partial<TableHeader> | null;
  private readonly seeds: number[] = [];

  constructor(
    readonly space: SearchSpace,
    private readonly file: string,
    private readonly options: TableEstimatorOptions = {},
  ) {
    let table: TableFileShape;
    try {
      table = JSON.parse(readFileSync(file, 'utf8')) as TableFileShape;
    } catch (error) {
      throw new NasError(`cannot read table ${file}: ${firstLine(error)}`);
    }
    this.header = table.header ?? null;
    if (this.header !== null && this.header.space !== space.name)
      throw new NasError(`table ${file} is of the ${String(this.header.space)} space, not ${space.name}`);
    if (options.dataset !== undefined && this.header !== null && this.header.dataset !== options.dataset)
      throw new NasError(`table ${file} was measured on ${String(this.header.dataset)}, not the asked ${options.dataset}`);
    if (options.grow && this.header?.recipe === undefined)
      throw new NasError(`table ${file} has no recipe to grow with (not built by nas table build)`);
    const spaceOps = space.kind === 'cell' ? space.ops.join(',') : '';
    if (!Array.isArray(table.ops) || table.ops.join(',') !== spaceOps) {
      throw new NasError(
        `table ${file} has ops [${Array.isArray(table.ops) ? table.ops.join(', ') : 'none'}], the ${space.name} space [${spaceOps.replace(/,/g, ', ')}]`,
      );
    }
    if (table.archs === undefined || typeof table.archs !== 'object') throw new NasError(`table ${file} has no "archs" object`);
    const seeds = new Set<number>();
    for (const [key, row] of Object.entries(table.archs)) {
      let genotype: Genotype;
      try {
        genotype = parseGenotype(space, key);
      } catch (error) {
        throw new NasError(`table ${file}: '${key}' is not an architecture of the ${space.name} space (${firstLine(error)})`);
      }
      if (typeof row?.val !== 'number' || typeof row?.test !== 'number')
        throw new NasError(`table ${file}: '${key}' needs numeric "val" and "test"`);
      this.add(genotype, { val: row.val, test: row.test });
      for (const run of row.runs ?? []) if (typeof run.seed === 'number') seeds.add(run.seed);
    }
    this.seeds = [...seeds].sort((a, b) => a - b);
    if (this.entries.size === 0 && !options.grow) throw new NasError(`table ${file} has no architectures`);
    this.name = `table:${file}`;
  }

  private add(genotype: Genotype, row: Row): void {
    this.entries.set(canonicalString(genotype), row);
    const computation = computationKey(this.space, genotype);
    if (!this.byComputation.has(computation)) this.byComputation.set(computation, row);
  }

  /** Architectures in the table. */
  get size(): number {
    return this.entries.size;
  }

  /** The table's best test accuracy among the architectures with the best val (what a perfect search on val reports). */
  oracle(): { val: number; test: number } {
    let best = { val: -Infinity, test: -Infinity };
    for (const e of this.entries.values()) if (e.val > best.val || (e.val === best.val && e.test > best.test)) best = e;
    return best;
  }

  async estimate(genotype: Genotype): Promise<Estimate> {
    const key = canonicalString(genotype);
    const entry = this.entries.get(key) ?? this.byComputation.get(computationKey(this.space, genotype));
    if (entry !== undefined) return { score: entry.val, cost: 1, test: entry.test };
    if (!this.options.grow)
      throw new NasError(
        `the table ${this.file} has no entry for ${key} (it holds ${this.entries.size}; --table-grow trains missing ones with its recipe)`,
      );
    const recipe = this.header!.recipe!;
    const outcome = await buildTable(this.file, { recipe, archs: [key], seeds: this.seeds.length > 0 ? this.seeds : [1] }, { workers: 1 });
    const grown = outcome.table.archs[key];
    if (grown === undefined) throw new NasError(`training ${key} into ${this.file} did not finish`);
    this.add(genotype, { val: grown.val, test: grown.test });
    const seconds = grown.runs.reduce((s, r) => s + r.seconds, 0);
    return { score: grown.val, cost: seconds, test: grown.test };
  }
}
