import { NasError } from '../errors.js';
import { randomIndex, type Rng } from '../random/rng.js';
import type { Genotype, SearchSpace } from './api.js';
import { neighbours } from './neighbours.js';

/**
 * One random mutation of `genotype`, drawn uniformly from its `neighbours`:
 * exactly one edge op, one edge source, or one layer choice changed; the
 * result is valid and differs from the input. Regularized evolution's
 * mutation (Real et al. 2019, "Regularized Evolution for Image Classifier
 * Architecture Search"), reproducible from the seed of `rng`.
 */
export function mutateGenotype(space: SearchSpace, genotype: Genotype, rng: Rng): Genotype {
  const options = neighbours(space, genotype);
  if (options.length === 0) throw new NasError(`no single mutation of this genotype is valid in the ${space.name} space`);
  return options[randomIndex(rng, options.length)]!;
}
