import { alg, type Graph } from '@dagrejs/graphlib';
import { NasError } from '../errors.js';
import { byNodeId } from './cell-graph.js';

/**
 * The nodes of a DAG in an order where every edge goes forward: the order a
 * builder creates node outputs in. Kahn's algorithm taking the lowest ready id
 * first, so a numbered cell comes out as `0, 1, 2, ...` and the order is the
 * same on every run (graphlib's `alg.topsort` leaves ties to its traversal).
 */
export function topologicalOrder(graph: Graph): string[] {
  if (!alg.isAcyclic(graph)) throw new NasError('topological order: the graph has a cycle');
  const waiting = new Map(graph.nodes().map((v) => [v, graph.predecessors(v)?.length ?? 0]));
  const ready = [...waiting].filter(([, n]) => n === 0).map(([v]) => v);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort(byNodeId);
    const v = ready.shift()!;
    order.push(v);
    for (const w of graph.successors(v) ?? []) {
      const left = (waiting.get(w) ?? 0) - 1;
      waiting.set(w, left);
      if (left === 0) ready.push(w);
    }
  }
  return order;
}
