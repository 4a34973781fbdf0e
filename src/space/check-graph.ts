import { alg, type Graph } from '@dagrejs/graphlib';
import { NasError } from '../errors.js';
import { byNodeId } from './cell-graph.js';

/**
 * Checks that `graph` is a well-formed cell: acyclic (graphlib
 * `alg.isAcyclic`), every node reachable from one of `inputs`, and every node
 * reaching one of `outputs`. A node that fails either would compute nothing the
 * cell returns, or read an undefined value: a derived architecture never has
 * one. Throws a one-line `NasError` prefixed by `where`, naming the node.
 */
export function checkGraph(graph: Graph, inputs: readonly string[], outputs: readonly string[], where = 'cell graph'): void {
  for (const id of [...inputs, ...outputs]) {
    if (!graph.hasNode(id)) throw new NasError(`${where}: no node ${id} (named as an ${inputs.includes(id) ? 'input' : 'output'})`);
  }
  if (!alg.isAcyclic(graph)) {
    const cycle = (alg.findCycles(graph)[0] ?? []).sort(byNodeId);
    throw new NasError(`${where}: a cycle through nodes ${cycle.join(', ')}`);
  }
  const reached = closure(inputs, (v) => graph.successors(v) ?? []);
  const reaching = closure(outputs, (v) => graph.predecessors(v) ?? []);
  for (const id of graph.nodes().sort(byNodeId)) {
    if (!reached.has(id)) throw new NasError(`${where}: node ${id} is not reachable from an input (${inputs.join(', ')})`);
    if (!reaching.has(id)) throw new NasError(`${where}: node ${id} does not reach the output (${outputs.join(', ')})`);
  }
}

/** Every node reachable from `start` by `next`, `start` included. */
function closure(start: readonly string[], next: (v: string) => readonly string[]): Set<string> {
  const seen = new Set(start);
  const stack = [...start];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    for (const w of next(v)) {
      if (!seen.has(w)) {
        seen.add(w);
        stack.push(w);
      }
    }
  }
  return seen;
}
