/** Small genotypes whose stand-alone networks' weights and multiply-adds the tests count by hand. */

/** Every layer narrowed or widened once; separable convs only after a full-width layer (see the equivalence test). */
export const CHAIN_GENOTYPE =
  '|conv_3x3@16|max_pool_3x3@32|conv_3x3@64|sep_conv_3x3@32|avg_pool_3x3@16|conv_5x5@64|sep_conv_5x5@64|sep_conv_3x3@32|';
/** A weight-free level-2 motif: identities along the chain of nodes. */
const IDENTITY_MOTIF = '|skip_connect~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|';
/**
 * Level-2 motifs m0 (1x1 conv, separable conv, identity, max pool) and m1
 * (depthwise conv, average pool, identity); m2..m5 are identities the cell
 * does not use; the level-3 cell places m0 three times and m1 twice.
 */
export const HIERARCHICAL_GENOTYPE = [
  'l2=|conv_1x1~0|+|none~0|sep_conv_3x3~1|+|skip_connect~0|none~1|max_pool_3x3~2|',
  '|dw_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|none~0|none~1|skip_connect~2|',
  ...Array.from({ length: 4 }, () => IDENTITY_MOTIF),
]
  .join(',')
  .concat(';l3=|m0~0|+|none~0|m1~1|+|none~0|none~1|m0~2|+|m1~0|none~1|none~2|m0~3|');
