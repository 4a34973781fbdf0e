import type { SearchSpace } from './api.js';
import { decisionSizes } from './decisions.js';

/**
 * The number of genotypes of `space`: the product of the options of its
 * independent decisions (`buildGenotype`). For DARTS, per cell, node `i`
 * (`i+2` predecessors) has C(i+2, 2) source pairs times 7^2 ops (`none`
 * excluded): 1·3·6·10·7^8 = 1,037,664,180 per cell, about 1.1e18 for the
 * normal and reduce cells together (the "~10^18" of Liu, Simonyan, Yang
 * 2019); NB201 has 5^6 = 15,625 (Dong & Yang 2020). Exact for every
 * built-in space, where each decision sequence gives a valid cell; for a
 * registered space that keeps few edges per node, choices leaving a node
 * disconnected are counted too, so it is an upper bound there.
 */
export function countGenotypes(space: SearchSpace): bigint {
  return decisionSizes(space).reduce((n, size) => n * BigInt(size), 1n);
}
