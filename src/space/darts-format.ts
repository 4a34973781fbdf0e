import type { CellGenotype, CellSpace, CellType, Genotype } from './api.js';
import { cellShape, edgesInto } from './cell-rules.js';
import { fail } from './fields.js';
import { validateGenotype } from './validate-genotype.js';

/**
 * The DARTS code's genotype (`genotypes.py`, Liu, Simonyan, Yang 2019): per
 * cell a flat list of `(op, from)` pairs, consecutive groups being the edges
 * of intermediate nodes 2, 3, ..., and the concatenated node ids. Kept to read
 * published genotypes and to hand ours to the PyTorch code.
 */
export interface DartsGenotype {
  readonly normal: readonly (readonly [string, number])[];
  readonly normal_concat: readonly number[];
  readonly reduce: readonly (readonly [string, number])[];
  readonly reduce_concat: readonly number[];
}

/** A DARTS-code genotype as a validated, frozen genotype of `space` (a space with normal and reduce cells). */
export function fromDartsGenotype(space: CellSpace, darts: DartsGenotype): Genotype {
  const shape = cellShape(space);
  const cell = (type: CellType, pairs: DartsGenotype['normal'], concat: readonly number[]): CellGenotype => {
    const nodes: CellGenotype['nodes'][number][] = [];
    let at = 0;
    for (let k = 0; k < shape.nodes; k++) {
      const n = edgesInto(shape, k);
      nodes.push(pairs.slice(at, at + n).map(([op, from]) => ({ op, from })));
      at += n;
    }
    if (at !== pairs.length) fail(`darts genotype ${type}`, `${pairs.length} edges, the ${space.name} space's cell has ${at}`);
    return { nodes, concat: [...concat] };
  };
  return validateGenotype(space, {
    kind: 'cell',
    space: space.name,
    cells: { normal: cell('normal', darts.normal, darts.normal_concat), reduce: cell('reduce', darts.reduce, darts.reduce_concat) },
  });
}

/** A cell genotype with normal and reduce cells in the DARTS code's form (edges in the order the genotype lists them). */
export function toDartsGenotype(genotype: Genotype): DartsGenotype {
  if (genotype.kind !== 'cell')
    fail('genotype.kind', `'${genotype.kind}' has no DARTS form (a cell genotype with normal and reduce cells has)`);
  const pairs = (type: CellType) => {
    const cell = genotype.cells[type];
    if (cell === undefined) fail('genotype.cells', `missing cell type '${type}' (the DARTS form has normal and reduce)`);
    return { pairs: cell.nodes.flatMap((edges) => edges.map((e): [string, number] => [e.op, e.from])), concat: [...cell.concat] };
  };
  const normal = pairs('normal');
  const reduce = pairs('reduce');
  return { normal: normal.pairs, normal_concat: normal.concat, reduce: reduce.pairs, reduce_concat: reduce.concat };
}
