import type { CandidateEdge, CellSpace } from './api.js';
import { range } from './cell-rules.js';

/**
 * Every candidate edge of the relaxed cell a supernet trains, whatever
 * `edgesPerNode` a derived cell keeps: each intermediate node takes an edge
 * from every earlier node (inputs and intermediates).
 *
 * Order (it indexes the rows of the architecture parameters, so it is fixed):
 * by target node ascending, then by source node ascending, i.e.
 * `(0→i), (1→i), ..., (i-1→i)` for `i = inputs, inputs+1, ...`. This is the
 * DARTS code's order (`for i in range(steps): for j in range(2 + i)`, Liu et
 * al. 2019) and NB201's (`|~0|+|~0|~1|+|~0|~1|~2|`, Dong & Yang 2020):
 * DARTS has 2+3+4+5 = 14 edges, NB201 1+2+3 = 6. Hierarchical motifs use it
 * on their `motifShape` (one input node).
 */
export function supernetEdges(space: Pick<CellSpace, 'inputs' | 'nodes'>): readonly CandidateEdge[] {
  return range(space.inputs, space.inputs + space.nodes).flatMap((to) => range(0, to).map((from) => ({ from, to })));
}
