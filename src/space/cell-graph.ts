import { Graph } from '@dagrejs/graphlib';
import { NasError } from '../errors.js';
import type { CellGenotype, CellSpace, HierarchicalSpace } from './api.js';
import { range } from './cell-rules.js';

/** What `cellGraph` stores as the graph's label: the node ids that feed the cell and form its output. */
export interface CellGraphLabel {
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/**
 * A discrete cell (or hierarchical motif) as a graphlib DAG, so structure is
 * checked and ordered by a graph library rather than by index arithmetic.
 * Nodes are the node ids as strings (`'0'`, `'1'`, ...), each labelled
 * `'input'` or `'intermediate'`; an edge `from -> inputs + k` is labelled by
 * its op. A `none` edge stays in the graph: in NB201 and hierarchical spaces it
 * is a chosen op (a zero), so reachability is a property of the structure.
 * The graph label is a `CellGraphLabel` (inputs, and the `concat` nodes as
 * outputs).
 */
export function cellGraph(space: CellSpace | HierarchicalSpace, cell: CellGenotype): Graph {
  const inputs = space.kind === 'cell' ? space.inputs : 1;
  const graph = new Graph({ directed: true });
  const label: CellGraphLabel = {
    inputs: range(0, inputs).map(String),
    outputs: cell.concat.map(String),
  };
  graph.setGraph(label);
  for (const id of range(0, inputs + cell.nodes.length)) graph.setNode(String(id), id < inputs ? 'input' : 'intermediate');
  cell.nodes.forEach((edges, k) => {
    const to = String(inputs + k);
    for (const edge of edges) {
      const from = String(edge.from);
      if (graph.hasEdge(from, to)) throw new NasError(`cell graph: node ${to} has two edges from node ${from}`);
      graph.setEdge(from, to, edge.op);
    }
  });
  return graph;
}

/** Node ids in numeric order (ids that are not numbers after them, by name), for deterministic messages. */
export function byNodeId(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  if (Number.isFinite(na) !== Number.isFinite(nb)) return Number.isFinite(na) ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
