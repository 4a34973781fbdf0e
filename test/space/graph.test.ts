import { Graph } from '@dagrejs/graphlib';
import { describe, expect, it } from 'vitest';
import { DARTS_SPACE, NB201_SPACE, namedGenotype, registerSpace } from '../../cells/index.js';
import { cellGraph, checkGraph, supernetEdges, topologicalOrder, validateGenotype, type CellGraphLabel } from '../../src/space/index.js';

/** A graph from `from->to` pairs. */
function graphOf(...edges: [number, number][]): Graph {
  const graph = new Graph();
  for (const [from, to] of edges) graph.setEdge(String(from), String(to), 'skip_connect');
  return graph;
}

describe('cellGraph', () => {
  it('has a node per cell node and an edge per genotype edge, labelled by op', () => {
    const genotype = namedGenotype('DARTS_V2');
    if (genotype.kind !== 'cell' || genotype.cells.normal === undefined) throw new Error('expected a DARTS cell');
    const graph = cellGraph(DARTS_SPACE, genotype.cells.normal);
    expect(graph.nodes()).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(graph.node('1')).toBe('input');
    expect(graph.node('4')).toBe('intermediate');
    expect(graph.edgeCount()).toBe(8);
    expect(graph.edge('2', '5')).toBe('dil_conv_3x3');
    expect(graph.graph() as CellGraphLabel).toEqual({ inputs: ['0', '1'], outputs: ['2', '3', '4', '5'] });
    expect(topologicalOrder(graph)).toEqual(['0', '1', '2', '3', '4', '5']);
  });
});

describe('checkGraph', () => {
  it('accepts a DAG where every node lies on an input-to-output path', () => {
    expect(() => checkGraph(graphOf([0, 2], [1, 2], [2, 3]), ['0', '1'], ['3'])).not.toThrow();
  });

  it('catches a cycle', () => {
    expect(() => checkGraph(graphOf([0, 2], [2, 3], [3, 2]), ['0'], ['3'], 'cell')).toThrow('cell: a cycle through nodes 2, 3');
    expect(() => topologicalOrder(graphOf([0, 1], [1, 0]))).toThrow('topological order: the graph has a cycle');
  });

  it('catches a node no input reaches', () => {
    expect(() => checkGraph(graphOf([0, 2], [4, 3], [2, 3]), ['0'], ['3'], 'cell')).toThrow(
      'cell: node 4 is not reachable from an input (0)',
    );
  });

  it('catches a node that does not reach the output', () => {
    expect(() => checkGraph(graphOf([0, 1], [0, 2], [1, 3]), ['0'], ['3'], 'cell')).toThrow('cell: node 2 does not reach the output (3)');
  });

  it('rejects, through validateGenotype, a dead node in a space whose output is the last node', () => {
    const chainCell = registerSpace({
      kind: 'cell',
      name: 'one-edge',
      ops: ['skip_connect', 'sep_conv_3x3'],
      inputs: 1,
      nodes: 3,
      edgesPerNode: 1,
      cellTypes: ['normal'],
      output: 'last-node',
      noneOp: null,
    });
    const cell = (sources: number[]) => ({
      kind: 'cell',
      space: 'one-edge',
      cells: { normal: { nodes: sources.map((from) => [{ from, op: 'skip_connect' }]), concat: [3] } },
    });
    expect(() => validateGenotype(chainCell, cell([0, 1, 2]))).not.toThrow();
    expect(() => validateGenotype(chainCell, cell([0, 0, 2]))).toThrow('genotype.cells.normal: node 1 does not reach the output (3)');
  });
});

describe('topologicalOrder', () => {
  it('puts every edge forward, lowest ready id first', () => {
    expect(topologicalOrder(graphOf([3, 1], [0, 3], [2, 1], [0, 2]))).toEqual(['0', '2', '3', '1']);
  });
});

describe('supernetEdges', () => {
  it('lists DARTS edges by target, then source: 2+3+4+5 = 14 rows', () => {
    const edges = supernetEdges(DARTS_SPACE).map((e) => `${e.from}->${e.to}`);
    expect(edges).toEqual(['0->2', '1->2', '0->3', '1->3', '2->3', '0->4', '1->4', '2->4', '3->4', '0->5', '1->5', '2->5', '3->5', '4->5']);
  });

  it('lists NB201 edges in the order of the benchmark string: 6 rows', () => {
    expect(supernetEdges(NB201_SPACE)).toEqual([
      { from: 0, to: 1 },
      { from: 0, to: 2 },
      { from: 1, to: 2 },
      { from: 0, to: 3 },
      { from: 1, to: 3 },
      { from: 2, to: 3 },
    ]);
  });
});
