import { freeze } from 'immer';
import { match } from 'ts-pattern';
import type { CellArchitecture, CellGenotype, CellSpace, CellType, Genotype, SearchSpace } from './api.js';
import { cellGraph } from './cell-graph.js';
import { cellShape, range } from './cell-rules.js';
import { checkGraph } from './check-graph.js';
import { fail, readObject, readString } from './fields.js';
import { validateCell } from './validate-cell.js';
import { validateChain } from './validate-chain.js';
import { validateHierarchical } from './validate-hierarchical.js';

/**
 * Reads an untrusted value (parsed JSON, a hand-written object) as a genotype
 * of `space`, checking structure and content: the kind and space name, every
 * cell, motif or layer, and each cell's graph (`checkGraph`). The genotype is
 * the only interface between search and retraining (as in the DARTS code), so
 * it is checked once at the boundary and trusted after. Each failure is a
 * one-line `NasError` naming the field path. Returns a fresh, deep-frozen copy
 * holding only the known fields.
 */
export function validateGenotype(space: SearchSpace, value: unknown): Genotype {
  const head = readObject(value, 'genotype', ['kind', 'space', 'cells', 'layers', 'levels'], ['kind', 'space']);
  const kind = readString(head.kind, 'genotype.kind');
  if (kind !== space.kind) fail('genotype.kind', `'${kind}' but the ${space.name} space is a ${space.kind} space`);
  const name = readString(head.space, 'genotype.space');
  if (name !== space.name) fail('genotype.space', `'${name}' but this is the ${space.name} space`);
  const genotype: Genotype = match(space)
    .with({ kind: 'cell' }, (s) => validateCellArchitecture(s, value))
    .with({ kind: 'chain' }, (s) => validateChain(s, value))
    .with({ kind: 'hierarchical' }, (s) => validateHierarchical(s, value))
    .exhaustive();
  return freeze(genotype, true);
}

function validateCellArchitecture(space: CellSpace, value: unknown): CellArchitecture {
  const record = readObject(value, 'genotype', ['kind', 'space', 'cells']);
  const cells = readObject(record.cells, 'genotype.cells', space.cellTypes, [], 'cell type');
  const shape = cellShape(space);
  const out: Partial<Record<CellType, CellGenotype>> = {};
  for (const type of space.cellTypes) {
    const path = `genotype.cells.${type}`;
    if (cells[type] === undefined)
      fail('genotype.cells', `missing cell type '${type}' (the ${space.name} space has ${space.cellTypes.join(', ')})`);
    const cell = validateCell(shape, cells[type], path);
    checkGraph(cellGraph(space, cell), range(0, space.inputs).map(String), cell.concat.map(String), path);
    out[type] = cell;
  }
  return { kind: 'cell', space: space.name, cells: out };
}
