import type { Rng } from '../random/rng.js';
import type { Genotype, SearchSpace } from './api.js';
import { countGenotypes } from './count-genotypes.js';
import { mutateGenotype } from './mutate-genotype.js';
import { neighbours } from './neighbours.js';
import { sampleGenotype } from './sample-genotype.js';

/**
 * Where a black-box strategy may go: how it draws a fresh architecture,
 * which architectures are one step from another, and one random step. The
 * whole space (`wholeSpace`) or a pool of architectures (`RestrictedSpace`,
 * e.g. what a partial ground-truth table holds), so that the same strategy
 * runs unchanged on either.
 */
export interface ArchitectureMoves {
  readonly space: SearchSpace;
  /** What the moves range over, for messages: `the nb201 space`, `the 500 architectures of table t.json`. */
  readonly description: string;
  /** How many distinct candidates there are (strings for the whole space, computations for a pool). */
  count(): bigint;
  /** A fresh architecture, uniform over the candidates. */
  sample(rng: Rng): Genotype;
  /** The candidates one step from `genotype`, in a fixed order (local search's neighbourhood, BO's acquisition moves). */
  neighbours(genotype: Genotype): Genotype[];
  /** One random step from `genotype` (regularized evolution's mutation). */
  mutate(genotype: Genotype, rng: Rng): Genotype;
}

/**
 * The whole space: `sampleGenotype`, `neighbours` and `mutateGenotype`, the
 * moves every strategy made before pools existed (same draws from the same
 * `Rng`, so seeded runs repeat exactly).
 */
export function wholeSpace(space: SearchSpace): ArchitectureMoves {
  return {
    space,
    description: `the ${space.name} space`,
    count: () => countGenotypes(space),
    sample: (rng) => sampleGenotype(space, rng),
    neighbours: (genotype) => neighbours(space, genotype),
    mutate: (genotype, rng) => mutateGenotype(space, genotype, rng),
  };
}
