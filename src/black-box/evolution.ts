import type { Estimator } from '../estimators/api.js';
import { NasError } from '../errors.js';
import { randomIndex, type Rng } from '../random/index.js';
import { canonicalString } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import { QueryLog, movesFor, type Query, type BlackBoxStrategy, type WithinOption } from './api.js';

export interface EvolutionOptions extends WithinOption {
  /** Population size P (default 30). */
  readonly population: number;
  /** Tournament size S: the parent is the best of S members drawn at random (default 10). */
  readonly sample: number;
}

export const EVOLUTION_DEFAULTS: EvolutionOptions = { population: 30, sample: 10 };

/**
 * Regularized (aging) evolution (Real et al. 2019): start with P random
 * architectures; then repeatedly draw S members, mutate the best of them
 * (one op or one input changed, `mutateGenotype`), query the child, add it
 * and remove the oldest member. `within` a pool (a partial table's), the
 * random architectures and the mutations stay in the pool (`RestrictedSpace`).
 */
export class RegularizedEvolution implements BlackBoxStrategy {
  readonly name: string = 'evolution';
  readonly options: EvolutionOptions;

  constructor(options: Partial<EvolutionOptions> = {}) {
    this.options = { ...EVOLUTION_DEFAULTS, ...options };
    const { population, sample } = this.options;
    if (!(Number.isInteger(population) && population >= 1))
      throw new NasError(`the population must be a positive integer, got ${population}`);
    if (!(Number.isInteger(sample) && sample >= 1 && sample <= population))
      throw new NasError(`the tournament size must be an integer from 1 to the population (${population}), got ${sample}`);
  }

  async run(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<Query[]> {
    const log = new QueryLog(onQuery);
    const moves = movesFor(estimator, this.options.within);
    const population: { genotype: Genotype; score: number }[] = [];
    const query = async (genotype: Genotype) => {
      const estimate = await estimator.estimate(genotype);
      log.record(canonicalString(genotype), estimate);
      population.push({ genotype, score: estimate.score });
    };
    while (log.history.length < Math.min(budget, this.options.population)) await query(moves.sample(rng));
    while (log.history.length < budget) {
      let parent = population[randomIndex(rng, population.length)]!;
      for (let i = 1; i < this.options.sample; i++) {
        const rival = population[randomIndex(rng, population.length)]!;
        if (rival.score > parent.score) parent = rival;
      }
      await query(this.child(estimator, parent.genotype, rng));
      population.shift();
    }
    return log.history;
  }

  /** The child of a tournament's winner: one mutation (subclasses make it otherwise, e.g. by a network morphism). */
  protected child(estimator: Estimator, parent: Genotype, rng: Rng): Genotype {
    return movesFor(estimator, this.options.within).mutate(parent, rng);
  }
}
