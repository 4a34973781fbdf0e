import { readFileSync } from 'node:fs';
import { NasError, firstLine } from '../errors.js';
import { canonicalString, parseGenotype } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import type { Estimate, Estimator } from './api.js';

interface TableFile {
  readonly benchmark?: string;
  readonly ops?: unknown;
  readonly archs?: Record<string, { readonly val?: unknown; readonly test?: unknown }>;
}

/**
 * A tabular benchmark (NAS-Bench-201's shape: `{ ops, archs: { "<arch string>":
 * { val, test } } }`) as an estimator: the score is `val`, the reported test
 * accuracy `test`, each query costs 1. The table must be of the space: its
 * ops the space's, every key an architecture of it (checked on loading).
 */
export class TableEstimator implements Estimator {
  readonly name: string;
  private readonly entries = new Map<string, { val: number; test: number }>();

  constructor(
    readonly space: SearchSpace,
    file: string,
  ) {
    let table: TableFile;
    try {
      table = JSON.parse(readFileSync(file, 'utf8')) as TableFile;
    } catch (error) {
      throw new NasError(`cannot read table ${file}: ${firstLine(error)}`);
    }
    const spaceOps = space.kind === 'cell' ? space.ops.join(',') : '';
    if (!Array.isArray(table.ops) || table.ops.join(',') !== spaceOps) {
      throw new NasError(
        `table ${file} has ops [${Array.isArray(table.ops) ? table.ops.join(', ') : 'none'}], the ${space.name} space [${spaceOps.replace(/,/g, ', ')}]`,
      );
    }
    if (table.archs === undefined || typeof table.archs !== 'object') throw new NasError(`table ${file} has no "archs" object`);
    for (const [key, row] of Object.entries(table.archs)) {
      let canonical: string;
      try {
        canonical = canonicalString(parseGenotype(space, key));
      } catch (error) {
        throw new NasError(`table ${file}: '${key}' is not an architecture of the ${space.name} space (${firstLine(error)})`);
      }
      if (typeof row?.val !== 'number' || typeof row?.test !== 'number')
        throw new NasError(`table ${file}: '${key}' needs numeric "val" and "test"`);
      this.entries.set(canonical, { val: row.val, test: row.test });
    }
    if (this.entries.size === 0) throw new NasError(`table ${file} has no architectures`);
    this.name = `table:${file}`;
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
    const entry = this.entries.get(key);
    if (entry === undefined) throw new NasError(`the table has no entry for ${key}`);
    return { score: entry.val, cost: 1, test: entry.test };
  }
}
