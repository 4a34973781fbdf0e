import { freeze } from 'immer';
import type { CellSpace } from '../src/space/api.js';

/**
 * The DARTS CNN cell space (Liu, Simonyan, Yang 2019, "DARTS: Differentiable
 * Architecture Search"): two input nodes (the outputs of the two previous
 * cells), four intermediate nodes each keeping its two strongest edges from
 * distinct earlier nodes, the intermediate nodes concatenated as the output,
 * and a normal and a reduction cell. Ops in the order of the DARTS code's
 * `PRIMITIVES`, which the architecture parameters' columns follow; `none` is
 * the relaxation's zero op and never labels a derived edge.
 */
export const DARTS_SPACE = freeze(
  {
    kind: 'cell',
    name: 'darts',
    ops: ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'],
    inputs: 2,
    nodes: 4,
    edgesPerNode: 2,
    cellTypes: ['normal', 'reduce'],
    output: 'concat-intermediate',
    noneOp: 'none',
  } as const satisfies CellSpace,
  true,
);
