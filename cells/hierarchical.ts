import { freeze } from 'immer';
import type { HierarchicalSpace } from '../src/space/api.js';

/**
 * The hierarchical space of Liu et al. 2018 ("Hierarchical Representations for
 * Efficient Architecture Search", ICLR 2018): six level-1 primitives (1x1
 * convolution, 3x3 depthwise convolution, 3x3 separable convolution, 3x3 max
 * and average pooling, identity, here named `skip_connect` as in the other
 * spaces) plus `none` for a missing edge; six level-2 motifs of 4 nodes built
 * from them, and one level-3 motif of 5 nodes built from those, as in the
 * paper's experiments. 7^(6*6) * 7^10 = 7^46 genotypes.
 */
export const HIERARCHICAL_SPACE = freeze(
  {
    kind: 'hierarchical',
    name: 'hierarchical',
    primitives: ['none', 'skip_connect', 'conv_1x1', 'dw_conv_3x3', 'sep_conv_3x3', 'max_pool_3x3', 'avg_pool_3x3'],
    levels: [
      { motifs: 6, nodes: 4 },
      { motifs: 1, nodes: 5 },
    ],
    noneOp: 'none',
  } as const satisfies HierarchicalSpace,
  true,
);
