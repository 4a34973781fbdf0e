import { match } from 'ts-pattern';
import type { CellGenotype, CellSpace, Edge, Genotype, HierarchicalSpace, SearchSpace } from './api.js';
import { cellShape, motifGroupName, motifShape, range } from './cell-rules.js';
import { supernetEdges } from './supernet-edges.js';
import { validateGenotype } from './validate-genotype.js';

/**
 * Architecture weights as plain numbers: per decision group (`normal`,
 * `reduce`; `op`, `width`; `l2.m0` ...), `[row][option]`, e.g. the softmax of
 * a supernet's alphas (`supernet.archWeights()`). A snapshot, no tensors.
 */
export type ArchWeights = Readonly<Record<string, readonly (readonly number[])[]>>;

/** Index of the largest value among `allowed` (the first on ties). */
function argmax(row: readonly number[], allowed: readonly number[]): number {
  let best = allowed[0] ?? 0;
  for (const k of allowed) if ((row[k] ?? -Infinity) > (row[best] ?? -Infinity)) best = k;
  return best;
}

function rowsOf(weights: ArchWeights, group: string): readonly (readonly number[])[] {
  const rows = weights[group];
  if (!rows) throw new Error(`no architecture weights for decision group '${group}'`);
  return rows;
}

/**
 * One cell from its edge weights. A space keeping k edges per node uses the
 * DARTS rule (Liu et al. 2019, sec. 2.4): each node keeps the k input edges
 * whose strongest non-`none` op is strongest, each with that op. A space with
 * every edge (NB201) takes the argmax over all ops per edge, `none` included.
 */
function deriveCell(space: CellSpace, rows: readonly (readonly number[])[]): CellGenotype {
  const shape = cellShape(space);
  const edges = supernetEdges(space);
  const candidates = space.ops.flatMap((op, k) => (op === shape.refused ? [] : [k]));
  const nodes = range(space.inputs, space.inputs + space.nodes).map((to): Edge[] => {
    const incoming = edges.flatMap((edge, e) => (edge.to === to ? [{ from: edge.from, row: rows[e] ?? [] }] : []));
    const scored = incoming.map(({ from, row }) => {
      const k = argmax(row, candidates);
      return { from, op: space.ops[k]!, strength: row[k] ?? -Infinity };
    });
    const keep = space.edgesPerNode === 'all' ? scored.length : space.edgesPerNode;
    return [...scored]
      .sort((a, b) => b.strength - a.strength || a.from - b.from)
      .slice(0, keep)
      .map(({ from, op }) => ({ from, op }));
  });
  return { nodes, concat: shape.outputs };
}

function deriveMotif(space: HierarchicalSpace, level: number, rows: readonly (readonly number[])[]): CellGenotype {
  const shape = motifShape(space, level);
  const edges = supernetEdges(shape);
  const all = shape.ops.map((_, k) => k);
  const nodes = range(1, shape.nodes + 1).map((to) =>
    edges.flatMap((edge, e) => (edge.to === to ? [{ from: edge.from, op: shape.ops[argmax(rows[e] ?? [], all)]! }] : [])),
  );
  return { nodes, concat: shape.outputs };
}

/**
 * The discrete architecture a snapshot of architecture weights stands for:
 * DARTS's top-k rule for cells that keep k edges, argmax per row otherwise
 * (NB201 edges, chain layers' op and width, hierarchical motif edges). A pure
 * function: the same weights always give the same, validated genotype.
 */
export function deriveGenotype(space: SearchSpace, weights: ArchWeights): Genotype {
  const raw = match(space)
    .with({ kind: 'cell' }, (s) => ({
      kind: 'cell' as const,
      space: s.name,
      cells: Object.fromEntries(s.cellTypes.map((type) => [type, deriveCell(s, rowsOf(weights, type))])),
    }))
    .with({ kind: 'chain' }, (s) => {
      const ops = rowsOf(weights, 'op');
      const widths = rowsOf(weights, 'width');
      return {
        kind: 'chain' as const,
        space: s.name,
        layers: range(0, s.depth).map((l) => ({
          op: s.ops[argmax(ops[l] ?? [], range(0, s.ops.length))]!,
          width: s.widths[argmax(widths[l] ?? [], range(0, s.widths.length))]!,
        })),
      };
    })
    .with({ kind: 'hierarchical' }, (s) => ({
      kind: 'hierarchical' as const,
      space: s.name,
      levels: s.levels.map((spec, l) => range(0, spec.motifs).map((i) => deriveMotif(s, l, rowsOf(weights, motifGroupName(l + 2, i))))),
    }))
    .exhaustive();
  return validateGenotype(space, raw);
}
