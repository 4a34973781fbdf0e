import type { Immutable } from 'immer';
import { match } from 'ts-pattern';
import type { CellGenotype, CellShape, Edge, Genotype, SearchSpace } from './api.js';
import { canonicalString } from './canonical-string.js';
import { cellShape, motifShape } from './cell-rules.js';
import { sortEdges } from './cell-string.js';
import { validOrNull } from './enumerate-genotypes.js';
import { validateGenotype } from './validate-genotype.js';

type Cell = Immutable<CellGenotype>;

/**
 * Every valid genotype one mutation away from `genotype`: one edge's op
 * changed, one edge moved to another source (in spaces that keep a fixed
 * number of edges per node), or one layer's op or width changed. The
 * neighbourhood of local search (White et al. 2021, "Exploring the loss
 * landscape in NAS") and of regularized evolution's mutation (Real et al.
 * 2019). Each is distinct, differs from `genotype`, is deep-frozen and has its
 * edges in canonical order; the order is deterministic.
 */
export function neighbours(space: SearchSpace, genotype: Genotype): Genotype[] {
  const valid = validateGenotype(space, genotype);
  const candidates: Genotype[] = match(valid)
    .with({ kind: 'cell' }, (g) => {
      if (space.kind !== 'cell') return [];
      const shape = cellShape(space);
      return space.cellTypes.flatMap((type) => {
        const cell = g.cells[type];
        if (cell === undefined) return [];
        return cellVariants(shape, cell).map((variant) => ({ ...g, cells: { ...g.cells, [type]: variant } }));
      });
    })
    .with({ kind: 'chain' }, (g) => {
      if (space.kind !== 'chain') return [];
      return g.layers.flatMap((layer, i) =>
        [
          ...space.ops.filter((op) => op !== layer.op).map((op) => ({ op, width: layer.width })),
          ...space.widths.filter((width) => width !== layer.width).map((width) => ({ op: layer.op, width })),
        ].map((changed) => ({ ...g, layers: g.layers.map((old, j) => (j === i ? changed : old)) })),
      );
    })
    .with({ kind: 'hierarchical' }, (g) => {
      if (space.kind !== 'hierarchical') return [];
      return g.levels.flatMap((motifs, l) =>
        motifs.flatMap((motif, i) =>
          cellVariants(motifShape(space, l), motif).map((variant) => ({
            ...g,
            levels: g.levels.map((level, ll) => (ll === l ? level.map((m, ii) => (ii === i ? variant : m)) : level)),
          })),
        ),
      );
    })
    .exhaustive();
  const seen = new Set([canonicalString(valid)]);
  const out: Genotype[] = [];
  for (const candidate of candidates) {
    const key = canonicalString(candidate);
    if (seen.has(key)) continue;
    seen.add(key);
    const checked = validOrNull(space, sortedGenotype(candidate));
    if (checked !== null) out.push(checked);
  }
  return out;
}

/** Every cell one edge change away from `cell`: another op on one edge, or (when the shape keeps a fixed number of edges) another source. */
function cellVariants(shape: CellShape, cell: Cell): CellGenotype[] {
  return cell.nodes.flatMap((edges, k) => {
    const to = shape.inputs + k;
    const used = new Set(edges.map((edge) => edge.from));
    const nodeVariants = edges.flatMap((edge, e) => {
      const swap = (changed: Edge): Edge[] => sortEdges(edges.map((old, ee) => (ee === e ? changed : old)));
      const ops = shape.ops.filter((op) => op !== edge.op).map((op) => swap({ from: edge.from, op }));
      const sources =
        shape.edgesPerNode === 'all'
          ? []
          : Array.from({ length: to }, (_, from) => from)
              .filter((from) => !used.has(from))
              .map((from) => swap({ from, op: edge.op }));
      return [...ops, ...sources];
    });
    return nodeVariants.map((node) => ({
      nodes: cell.nodes.map((old, kk) => (kk === k ? node : sortEdges(old))),
      concat: [...cell.concat],
    }));
  });
}

/** `genotype` with every node's edges in canonical order. */
function sortedGenotype(genotype: Genotype): Genotype {
  const sortCell = (cell: Cell): CellGenotype => ({ nodes: cell.nodes.map(sortEdges), concat: [...cell.concat] });
  return match(genotype)
    .with({ kind: 'cell' }, (g) => ({
      ...g,
      cells: Object.fromEntries(Object.entries(g.cells).map(([type, cell]) => [type, cell === undefined ? cell : sortCell(cell)])),
    }))
    .with({ kind: 'chain' }, (g) => g)
    .with({ kind: 'hierarchical' }, (g) => ({ ...g, levels: g.levels.map((motifs) => motifs.map(sortCell)) }))
    .exhaustive();
}
