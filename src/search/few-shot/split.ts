import { NasError } from '../../errors.js';
import { supernetEdges } from '../../space/index.js';
import type { CellSpace, Genotype, SearchSpace } from '../../space/api.js';

/**
 * The edge a few-shot supernet splits on when none is asked for: NB201's
 * edge 0 (node 0 -> node 1), the edge from the cell input that Zhao et al.
 * split ("Few-shot Neural Architecture Search", ICML 2021, section 4: one
 * sub-supernet per operation of the first edge). Every path of the cell runs
 * through node 0's outputs, so the op there changes what every later edge
 * sees: the co-adaptation few-shot NAS removes is largest there.
 */
export const DEFAULT_SPLIT_EDGES: readonly number[] = [0];

/**
 * The spaces a few-shot split is defined on: cell spaces in which every
 * candidate edge is present in every architecture (NB201: `edgesPerNode`
 * 'all') with one cell type, so each architecture holds exactly one op on a
 * split edge and so belongs to exactly one sub-supernet. A DARTS cell keeps
 * two edges per node, so an edge may be absent: a one-line `NasError`.
 */
export function splitSpace(space: SearchSpace): CellSpace {
  if (space.kind !== 'cell' || space.edgesPerNode !== 'all' || space.cellTypes.length !== 1)
    throw new NasError(
      `a few-shot split needs a cell space with every edge present and one cell type (NB201), not the ${space.name} space`,
    );
  return space;
}

/** Check split edges against the space: distinct indices of `supernetEdges` (NB201: 0-5), at least one, at most two. */
export function checkSplitEdges(space: SearchSpace, edges: readonly number[]): readonly number[] {
  const cell = splitSpace(space);
  const count = supernetEdges(cell).length;
  if (edges.length < 1 || edges.length > 2) throw new NasError(`--split-edges takes one or two edges, got ${edges.length}`);
  for (const e of edges)
    if (!(Number.isInteger(e) && e >= 0 && e < count))
      throw new NasError(`--split-edges: edge ${e} is not an edge of the ${space.name} cell (0-${count - 1})`);
  if (new Set(edges).size !== edges.length) throw new NasError(`--split-edges names an edge twice: ${edges.join(',')}`);
  return edges;
}

/** The ops `genotype` holds on the split `edges` (indices of `supernetEdges`), in the order of `edges`. */
export function splitOps(space: SearchSpace, genotype: Genotype, edges: readonly number[]): string[] {
  const cell = splitSpace(space);
  const candidates = supernetEdges(cell);
  const type = cell.cellTypes[0]!;
  if (genotype.kind !== 'cell') throw new NasError(`a ${genotype.kind} architecture has no cell edges to split on`);
  const nodes = genotype.cells[type]?.nodes ?? [];
  return edges.map((e) => {
    const { from, to } = candidates[e]!;
    const edge = nodes[to - cell.inputs]?.find((x) => x.from === from);
    if (edge === undefined) throw new NasError(`architecture has no edge ${from}->${to} to split on`);
    return edge.op;
  });
}

/**
 * The sub-supernets of a split: one per combination of the split edges' ops
 * (NB201: 5 for one edge, 25 for two), in the space's op order.
 */
export function splitMembers(space: SearchSpace, edges: readonly number[]): string[][] {
  const cell = splitSpace(space);
  return edges.reduce<string[][]>((acc) => acc.flatMap((prefix) => cell.ops.map((op) => [...prefix, op])), [[]]);
}

/** A sub-supernet's directory name: `op-nor_conv_3x3` (one edge), `op-none+skip_connect` (two). */
export function memberDirName(ops: readonly string[]): string {
  return `op-${ops.join('+')}`;
}
