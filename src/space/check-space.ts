import { match } from 'ts-pattern';
import { NasError } from '../errors.js';
import type { CellSpace, ChainSpace, HierarchicalSpace, SearchSpace } from './api.js';

/** Names that print and parse safely inside canonical strings (no `|+~@=,;`). */
const NAME = /^[A-Za-z0-9_]+$/;
const SPACE_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Checks that a space definition is coherent before anything samples from it:
 * names that survive canonical strings, unique ops, `none` among the ops, and
 * counts that allow a valid cell (DARTS's first node needs two distinct
 * predecessors to keep two edges). Run on every space `registerSpace` takes;
 * the built-ins pass it in the tests. One-line `NasError` on failure.
 */
export function checkSpace(space: SearchSpace): void {
  const where = `space '${String(space.name)}'`;
  const bad = (message: string): never => {
    throw new NasError(`${where}: ${message}`);
  };
  if (!SPACE_NAME.test(space.name)) bad('a space name uses only letters, digits, _ and -');
  match(space)
    .with({ kind: 'cell' }, (s) => checkCellSpace(s, bad))
    .with({ kind: 'chain' }, (s) => checkChainSpace(s, bad))
    .with({ kind: 'hierarchical' }, (s) => checkHierarchicalSpace(s, bad))
    .exhaustive();
}

type Bad = (message: string) => never;

function checkNames(names: readonly string[], what: string, bad: Bad): void {
  if (names.length === 0) bad(`no ${what}`);
  for (const name of names) if (!NAME.test(name)) bad(`${what} '${name}': names use only letters, digits and _`);
  const dup = names.find((name, i) => names.indexOf(name) !== i);
  if (dup !== undefined) bad(`${what} '${dup}' listed twice`);
}

function positive(value: number, what: string, bad: Bad): void {
  if (!Number.isInteger(value) || value < 1) bad(`${what} must be an integer >= 1, got ${value}`);
}

function checkCellSpace(space: CellSpace, bad: Bad): void {
  checkNames(space.ops, 'op', bad);
  positive(space.inputs, 'inputs', bad);
  positive(space.nodes, 'nodes', bad);
  if (space.noneOp !== null && !space.ops.includes(space.noneOp)) bad(`noneOp '${space.noneOp}' is not one of the ops`);
  if (space.edgesPerNode !== 'all') {
    positive(space.edgesPerNode, 'edgesPerNode', bad);
    if (space.edgesPerNode > space.inputs)
      bad(`edgesPerNode ${space.edgesPerNode} but the first node has only ${space.inputs} predecessors`);
    if (space.ops.every((op) => op === space.noneOp)) bad(`no op other than '${String(space.noneOp)}' for the edges a cell keeps`);
  }
  if (space.cellTypes.length === 0) bad('no cell types');
  if (new Set(space.cellTypes).size !== space.cellTypes.length) bad('a cell type is listed twice');
}

function checkChainSpace(space: ChainSpace, bad: Bad): void {
  checkNames(space.ops, 'op', bad);
  positive(space.depth, 'depth', bad);
  if (space.widths.length === 0) bad('no widths');
  for (const width of space.widths) positive(width, 'a width', bad);
  if (new Set(space.widths).size !== space.widths.length) bad('a width is listed twice');
  space.reductions.forEach((layer, i) => {
    if (!Number.isInteger(layer) || layer < 0 || layer >= space.depth) bad(`reduction layer ${layer} outside 0..${space.depth - 1}`);
    if (i > 0 && layer <= space.reductions[i - 1]!) bad('reduction layers must be strictly increasing');
  });
}

function checkHierarchicalSpace(space: HierarchicalSpace, bad: Bad): void {
  checkNames(space.primitives, 'primitive', bad);
  const motifRef = space.primitives.find((p) => /^m\d+$/.test(p));
  if (motifRef !== undefined) bad(`primitive '${motifRef}' looks like a motif reference (m<i>)`);
  if (!space.primitives.includes(space.noneOp)) bad(`noneOp '${space.noneOp}' is not one of the primitives`);
  if (space.levels.length === 0) bad('no motif levels');
  space.levels.forEach((level, l) => {
    positive(level.motifs, `level ${l + 2} motifs`, bad);
    if (!Number.isInteger(level.nodes) || level.nodes < 2)
      bad(`level ${l + 2} motifs need >= 2 nodes (input and output), got ${level.nodes}`);
  });
  if (space.levels[space.levels.length - 1]?.motifs !== 1) bad('the top level has exactly one motif');
}
