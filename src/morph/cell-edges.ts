import type { CellArchitecture, CellGenotype, CellSpace, CellType, Genotype, SearchSpace } from '../space/api.js';
import { supernetEdges, validateGenotype } from '../space/index.js';
import { NasError } from '../errors.js';
import type { MorphSite } from './api.js';

/** The cell space and cell genotype a cell morphism acts on; another kind of space is a one-line error. */
export function cellOf(
  space: SearchSpace,
  genotype: Genotype,
  site: MorphSite,
  morphism: string,
): { space: CellSpace; cell: CellGenotype; type: CellType } {
  if (space.kind !== 'cell' || genotype.kind !== 'cell')
    throw new NasError(`morphism '${morphism}' acts on cell edges; the ${space.kind} space '${space.name}' has none`);
  const type = (site.cell ?? space.cellTypes[0]) as CellType;
  const cell = (genotype as CellArchitecture).cells[type];
  if (!cell || !space.cellTypes.includes(type))
    throw new NasError(`morphism '${morphism}': the space '${space.name}' has no '${site.cell}' cell`);
  return { space, cell: cell as CellGenotype, type };
}

/** The op on edge `from -> to` of a cell (the space's none op where the genotype lists no edge). */
export function edgeOp(space: CellSpace, cell: CellGenotype, from: number, to: number): string | null {
  const edge = cell.nodes[to - space.inputs]?.find((e) => e.from === from);
  return edge?.op ?? space.noneOp;
}

/** The supernet edge index of `from -> to` (what names an edge's parameters: `edges.<index>.<op>`). */
export function edgeIndex(space: CellSpace, from: number, to: number): number {
  const e = supernetEdges(space).findIndex((edge) => edge.from === from && edge.to === to);
  if (e < 0) throw new NasError(`the space '${space.name}' has no edge ${from} -> ${to}`);
  return e;
}

/**
 * The genotype with the given edges' ops set (an absent edge is added), read
 * back through the space's own validation, so a child the space does not
 * allow (a DARTS node with a third input) is a one-line `NasError`.
 */
export function withEdgeOps(
  space: CellSpace,
  genotype: Genotype,
  type: CellType,
  edges: readonly { from: number; to: number; op: string }[],
  morphism: string,
): Genotype {
  const arch = genotype as CellArchitecture;
  const cell = arch.cells[type]!;
  const nodes = cell.nodes.map((incoming) => incoming.map((e) => ({ ...e })));
  for (const { from, to, op } of edges) {
    const incoming = nodes[to - space.inputs];
    if (!incoming) throw new NasError(`morphism '${morphism}': node ${to} is not an intermediate node of '${space.name}'`);
    const edge = incoming.find((e) => e.from === from);
    if (edge) edge.op = op;
    else incoming.push({ from, op });
  }
  const child = { ...arch, cells: { ...arch.cells, [type]: { ...cell, nodes } } };
  try {
    return validateGenotype(space, child);
  } catch (error) {
    throw new NasError(`morphism '${morphism}' gives a genotype the space '${space.name}' does not allow: ${(error as Error).message}`);
  }
}

/** Rename an edge's op parameters (`...edges.<e>.<op>.`) in every cell: what a parent name is called in the child. */
export function edgeParamPattern(edge: number, op: string): RegExp {
  return new RegExp(`^(cells\\.\\d+\\.edges\\.${edge}\\.)${op.replace(/[^\w]/g, '')}\\.`);
}
