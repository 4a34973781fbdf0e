import { NasError } from '../errors.js';
import type { CellGenotype, HierarchicalSpace } from '../space/api.js';
import { FILL, dotDigraph, dotEdge, dotNode } from './dot-syntax.js';

/**
 * A Graphviz DOT diagram of one motif of a hierarchical genotype (Liu et al.
 * 2018, fig. 1), in the cell diagrams' look: node 0 is the motif input `in`,
 * the output node (the last, `concat`) is `out`, the nodes between are
 * numbered as in the genotype; each edge is labelled with what it applies, a
 * primitive at level 2 or `m<i>` (motif i of the level below) above it.
 * `none` edges are not drawn; their nodes stay.
 */
export function motifDot(space: HierarchicalSpace, motif: CellGenotype, title: string): string {
  const total = 1 + motif.nodes.length;
  const id = (node: number): string => {
    if (!Number.isInteger(node) || node < 0 || node >= total) {
      throw new NasError(`cannot draw a ${space.name} motif: node ${node} is outside 0..${total - 1}`);
    }
    return `n${node}`;
  };
  const statements = [dotNode(id(0), 'in', FILL.input)];
  for (let node = 1; node < total; node++) {
    const output = motif.concat.includes(node);
    statements.push(dotNode(id(node), output ? 'out' : String(node), output ? FILL.output : FILL.intermediate));
  }
  motif.nodes.forEach((edges, k) => {
    for (const edge of edges) {
      if (edge.op !== space.noneOp) statements.push(dotEdge(id(edge.from), id(k + 1), edge.op));
    }
  });
  return dotDigraph(title, statements);
}
