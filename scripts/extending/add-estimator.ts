import { type Estimate, type Estimator, type Genotype, RandomSearch, createRng, spaceByName } from '../../src/index.js';

/** The ops of an NB201 cell genotype. */
export function cellOps(genotype: Genotype): string[] {
  return genotype.kind === 'cell' ? (genotype.cells.normal?.nodes.flat().map((edge) => edge.op) ?? []) : [];
}

/**
 * A zero-cost toy estimator: an NB201 cell scores the number of its edges
 * that convolve (capacity as a proxy), at no training cost. The contract:
 * a name, the space, and `estimate(genotype) -> { score, cost }`.
 */
export class ConvCountEstimator implements Estimator {
  readonly name = 'conv-count';
  readonly space = spaceByName('nb201');

  async estimate(genotype: Genotype): Promise<Estimate> {
    return { score: cellOps(genotype).filter((op) => op.includes('conv')).length, cost: 0 };
  }
}

/** Any black-box strategy searches with it, e.g. random search with 20 queries. */
export function randomSearchWithConvCount(seed: string) {
  return new RandomSearch().run(new ConvCountEstimator(), 20, createRng(seed));
}
