import { readFileSync } from 'node:fs';
import { NasError, firstLine } from '../errors.js';
import { parseGenotype, RestrictedSpace } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';

/** What a table file must have to be a pool: NB201's `{ ops, archs }` and, for a toolkit table, a header naming its space. */
interface PoolFileShape {
  readonly header?: { readonly space?: unknown };
  readonly ops?: unknown;
  readonly archs?: unknown;
}

/**
 * The architectures a table holds, as genotypes of `space`, in the table's
 * order. The table must be of the space (its header's space, its ops, every
 * key an architecture of it); anything else is a one-line `NasError` naming
 * the file.
 */
export function tableArchitectures(space: SearchSpace, file: string): Genotype[] {
  let table: PoolFileShape;
  try {
    table = JSON.parse(readFileSync(file, 'utf8')) as PoolFileShape;
  } catch (error) {
    throw new NasError(`cannot read table ${file}: ${firstLine(error)}`);
  }
  if (table === null || typeof table !== 'object') throw new NasError(`table ${file} is not a JSON object`);
  if (table.header?.space !== undefined && table.header.space !== space.name)
    throw new NasError(`table ${file} is of the ${String(table.header.space)} space, not ${space.name}`);
  const spaceOps = space.kind === 'cell' ? space.ops.join(',') : '';
  if (!Array.isArray(table.ops) || table.ops.join(',') !== spaceOps)
    throw new NasError(
      `table ${file} has ops [${Array.isArray(table.ops) ? table.ops.join(', ') : 'none'}], not the ${space.name} space's`,
    );
  if (table.archs === null || typeof table.archs !== 'object' || Array.isArray(table.archs))
    throw new NasError(`table ${file} has no "archs" object`);
  return Object.keys(table.archs).map((key) => {
    try {
      return parseGenotype(space, key);
    } catch (error) {
      throw new NasError(`table ${file}: '${key}' is not an architecture of the ${space.name} space (${firstLine(error)})`);
    }
  });
}

/** A search space restricted to the architectures of a table file (`--within-table`): see `RestrictedSpace`. */
export function tablePool(space: SearchSpace, file: string): RestrictedSpace {
  return new RestrictedSpace(space, tableArchitectures(space, file), `table ${file}`);
}
