import { NasError } from '../errors.js';
import type { CellGenotype, CellSpace } from '../space/api.js';
import { FILL, dotDigraph, dotEdge, dotNode } from './dot-syntax.js';

/**
 * A Graphviz DOT diagram of one discrete cell, drawn as DARTS's
 * `visualize.py` draws its cells (Liu, Simonyan, Yang 2019, fig. 4-5), left to
 * right: the input nodes as `c_{k-2}`, `c_{k-1}` (the outputs of the two
 * previous cells; a one-input space such as NAS-Bench-201 shows `in`), the
 * intermediate nodes numbered from 0, each edge labelled with its op, and the
 * cell output `c_{k}` fed by the cell's output nodes (`concat`: every
 * intermediate node in DARTS, the last node in NB201).
 *
 * A `none` edge is no edge, so it is not drawn, but its target node stays,
 * so an NB201 cell whose node has only `none` inputs still shows that node.
 */
export function cellDot(space: CellSpace, cell: CellGenotype, title: string): string {
  const total = space.inputs + cell.nodes.length;
  const id = (node: number): string => {
    if (!Number.isInteger(node) || node < 0 || node >= total) {
      throw new NasError(`cannot draw a ${space.name} cell: node ${node} is outside 0..${total - 1}`);
    }
    return node < space.inputs ? `in${node}` : `n${node - space.inputs}`;
  };
  const statements: string[] = [];
  for (let i = 0; i < space.inputs; i++) statements.push(dotNode(id(i), inputLabel(space.inputs, i), FILL.input));
  cell.nodes.forEach((_, k) => statements.push(dotNode(id(space.inputs + k), String(k), FILL.intermediate)));
  statements.push(dotNode('out', 'c_{k}', FILL.output));
  cell.nodes.forEach((edges, k) => {
    for (const edge of edges) {
      if (edge.op !== space.noneOp) statements.push(dotEdge(id(edge.from), id(space.inputs + k), edge.op));
    }
  });
  for (const node of cell.concat) statements.push(dotEdge(id(node), 'out'));
  return dotDigraph(title, statements);
}

/**
 * Input `i` of `inputs`: `c_{k-inputs+i}`, the output of that earlier cell
 * (DARTS: `c_{k-2}`, `c_{k-1}`), or `in` when the cell has a single input.
 */
function inputLabel(inputs: number, i: number): string {
  return inputs === 1 ? 'in' : `c_{k-${inputs - i}}`;
}
