import { multAdds as countMultAdds } from '../../retrain/index.js';
import type { ZeroCostProxy } from './api.js';

/**
 * Multiply-adds of one inference on one image (convolutions and matrix
 * products, counted from a kernel trace as `nas pareto`'s objective is): the
 * second size baseline of Abdelfattah et al. (ICLR 2021, their "flops"),
 * which ranks NAS-Bench-201 almost as well as #params. Data free.
 */
export const multAdds: ZeroCostProxy = {
  name: 'mult-adds',
  needsBatch: false,
  summary: 'multiply-adds of one inference (the flops baseline of Abdelfattah et al. 2021), data-free',
  score: ({ net, input }) => countMultAdds(net, input.image),
};
