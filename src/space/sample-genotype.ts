import { NasError } from '../errors.js';
import { randomIndex, type Rng } from '../random/rng.js';
import type { Genotype, SearchSpace } from './api.js';
import { buildGenotype } from './decisions.js';
import { validOrNull } from './enumerate-genotypes.js';

/** Draws before giving up on a space whose valid genotypes are too rare. */
const MAX_DRAWS = 1000;

/**
 * A genotype drawn uniformly from `space` (random search's proposal, Li &
 * Talwalkar 2019; SPOS's path sampler, Guo et al. 2020): each independent
 * decision uniform, which is uniform over genotypes since decisions and
 * genotypes correspond one to one. Invalid draws (only possible in registered
 * spaces) are redrawn, which keeps the result uniform over the valid ones.
 * Reproducible from the seed of `rng` (`createRng`).
 */
export function sampleGenotype(space: SearchSpace, rng: Rng): Genotype {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const genotype = validOrNull(
      space,
      buildGenotype(space, (size) => randomIndex(rng, size)),
    );
    if (genotype !== null) return genotype;
  }
  throw new NasError(`no valid genotype of the ${space.name} space in ${MAX_DRAWS} draws: check its edgesPerNode and output`);
}
