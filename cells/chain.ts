import { freeze } from 'immer';
import type { ChainSpace } from '../src/space/api.js';

/**
 * A small chain-structured space, the simplest kind in Elsken, Metzen and
 * Hutter's survey ("Neural Architecture Search: A Survey", 2019): eight
 * layers, each choosing an op and an output width. The ops are the six of
 * ENAS's macro space (Pham et al. 2018, "Efficient Neural Architecture Search
 * via Parameter Sharing"): 3x3 and 5x5 convolutions, 3x3 and 5x5 separable
 * convolutions, 3x3 max and average pooling; with three widths each layer has
 * 6 x 3 = 18 choices and the space 18^8 (about 1.1e10). Layers 2 and 5 halve the
 * resolution: at 1/3 and 2/3 of the depth, as DARTS places its reduction
 * cells (`layers // 3`, `2 * layers // 3`).
 */
export const CHAIN_SPACE = freeze(
  {
    kind: 'chain',
    name: 'chain',
    ops: ['conv_3x3', 'conv_5x5', 'sep_conv_3x3', 'sep_conv_5x5', 'max_pool_3x3', 'avg_pool_3x3'],
    widths: [16, 32, 64],
    depth: 8,
    reductions: [2, 5],
  } as const satisfies ChainSpace,
  true,
);
