import { QueryLog, type BlackBoxStrategy, type Query } from '../black-box/api.js';
import { EVOLUTION_DEFAULTS, RegularizedEvolution, type EvolutionOptions } from '../black-box/evolution.js';
import type { Estimator } from '../estimators/api.js';
import { randomIndex, type Rng } from '../random/index.js';
import { canonicalString, mutateGenotype, sampleGenotype } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import type { Lineage } from './lineage.js';
import { applicableSteps, morphismByName } from './registry.js';

/**
 * Lamarckian evolution (Elsken et al. 2019, LEMONADE; Real et al. 2019's
 * aging population): as regularized evolution, but a child is its parent
 * plus one network morphism drawn at random from those that apply, so its
 * training continues from the parent's trained weights (the estimator reads
 * the `lineage`) for a short budget instead of starting again. The child is
 * built by the morphism and evolution records what it gives, rather than
 * evolution proposing a mutation and a morphism being looked for: a
 * morphism's child is always a valid genotype, and most mutations (an op
 * swapped for a smaller or weight-free one) have no function-preserving
 * form. Morphisms only grow a network; a parent where none applies gets a
 * plain mutation, trained from scratch.
 */
export class LamarckianEvolution implements BlackBoxStrategy {
  readonly name = 'lamarckian-evolution';
  readonly options: EvolutionOptions;

  constructor(
    private readonly lineage: Lineage,
    options: Partial<EvolutionOptions> = {},
  ) {
    // The same checks of population and tournament size.
    this.options = new RegularizedEvolution({ ...EVOLUTION_DEFAULTS, ...options }).options;
  }

  async run(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<Query[]> {
    const log = new QueryLog(onQuery);
    const population: { genotype: Genotype; score: number }[] = [];
    const query = async (genotype: Genotype) => {
      const estimate = await estimator.estimate(genotype);
      log.record(canonicalString(genotype), estimate);
      population.push({ genotype, score: estimate.score });
    };
    while (log.history.length < Math.min(budget, this.options.population)) await query(sampleGenotype(estimator.space, rng));
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

  /** The parent plus one random applicable morphism (recorded in the lineage), or a plain mutation where none applies. */
  private child(estimator: Estimator, parent: Genotype, rng: Rng): Genotype {
    const steps = applicableSteps(estimator.space, parent);
    if (steps.length === 0) return mutateGenotype(estimator.space, parent, rng);
    const step = steps[randomIndex(rng, steps.length)]!;
    const child = morphismByName(step.morphism).childGenotype(estimator.space, parent, step.site);
    this.lineage.record(child, { parent, step });
    return child;
  }
}
