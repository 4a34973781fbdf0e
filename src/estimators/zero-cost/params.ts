import type { ZeroCostProxy } from './api.js';

/**
 * The number of trainable weights (auxiliary head left out): the baseline
 * every proxy must beat. On NAS-Bench-201 CIFAR-10 it alone ranks about as
 * well as the best zero-cost proxies (Spearman rho ~0.75 against synflow's
 * 0.74; Abdelfattah et al., ICLR 2021, Table 1). Data free.
 */
export const params: ZeroCostProxy = {
  name: 'params',
  needsBatch: false,
  summary: 'number of trainable weights (the baseline of Abdelfattah et al. 2021), data-free',
  score: ({ net }) => net.mainParameterCount(),
};
