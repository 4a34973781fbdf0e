import { freeze } from 'immer';
import type { CellSpace } from '../src/space/api.js';

/**
 * The NAS-Bench-201 topology space (Dong & Yang 2020, "NAS-Bench-201:
 * Extending the Scope of Reproducible Neural Architecture Search"): one input
 * node, three more nodes, an edge from every earlier node (6 edges), each one
 * of five ops, one cell type stacked with fixed residual reduction blocks, the
 * last node the output: 5^6 = 15,625 cells. `none` is a real choice here (it
 * removes the edge). Ops in the benchmark's order.
 */
export const NB201_SPACE = freeze(
  {
    kind: 'cell',
    name: 'nb201',
    ops: ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'],
    inputs: 1,
    nodes: 3,
    edgesPerNode: 'all',
    cellTypes: ['normal'],
    output: 'last-node',
    noneOp: 'none',
  } as const satisfies CellSpace,
  true,
);
