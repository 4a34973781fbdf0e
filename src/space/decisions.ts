import { match } from 'ts-pattern';
import type { CellGenotype, CellShape, CellType, Edge, Genotype, SearchSpace } from './api.js';
import { cellShape, edgesInto, motifShape, range } from './cell-rules.js';

/**
 * Picks one option out of `size`; `build` calls it once per independent
 * decision of a genotype, in a fixed order.
 */
export type Pick = (size: number) => number;

/**
 * Builds a genotype of `space` from a sequence of independent decisions, each
 * taken by `pick`: which sources each node's edges come from (one of the
 * C(preds, k) subsets when a node keeps k edges; none to take when it keeps
 * all), then each edge's op; for chains each layer's op and width. Every
 * sequence of picks gives a different genotype (edges come out in canonical
 * order), and the number of options of each decision never depends on earlier
 * picks. So counting, enumerating and uniform sampling are all this one walk
 * with a different `pick`. The result is plain, not yet validated or frozen.
 */
export function buildGenotype(space: SearchSpace, pick: Pick): Genotype {
  return match(space)
    .with({ kind: 'cell' }, (s) => {
      const shape = cellShape(s);
      const cells: Partial<Record<CellType, CellGenotype>> = {};
      for (const type of s.cellTypes) cells[type] = buildCell(shape, pick);
      return { kind: 'cell' as const, space: s.name, cells };
    })
    .with({ kind: 'chain' }, (s) => ({
      kind: 'chain' as const,
      space: s.name,
      layers: range(0, s.depth).map(() => ({ op: s.ops[pick(s.ops.length)]!, width: s.widths[pick(s.widths.length)]! })),
    }))
    .with({ kind: 'hierarchical' }, (s) => ({
      kind: 'hierarchical' as const,
      space: s.name,
      levels: s.levels.map((spec, l) => range(0, spec.motifs).map(() => buildCell(motifShape(s, l), pick))),
    }))
    .exhaustive();
}

function buildCell(shape: CellShape, pick: Pick): CellGenotype {
  const nodes = range(0, shape.nodes).map((k): Edge[] => {
    const subsets = combinations(shape.inputs + k, edgesInto(shape, k));
    const sources = subsets.length === 1 ? subsets[0]! : subsets[pick(subsets.length)]!;
    return sources.map((from) => ({ from, op: shape.ops[pick(shape.ops.length)]! }));
  });
  return { nodes, concat: [...shape.outputs] };
}

/** The sizes of the decisions `buildGenotype` takes for `space`, in order. */
export function decisionSizes(space: SearchSpace): number[] {
  const sizes: number[] = [];
  buildGenotype(space, (size) => {
    sizes.push(size);
    return 0;
  });
  return sizes;
}

/** All k-subsets of `0 .. n-1`, each ascending, in lexicographic order. */
export function combinations(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (k > n) return [];
  const withLast = combinations(n - 1, k - 1).map((c) => [...c, n - 1]);
  return [...combinations(n - 1, k), ...withLast].sort(lexicographic);
}

function lexicographic(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
