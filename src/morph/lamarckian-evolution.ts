import { RegularizedEvolution, type EvolutionOptions } from '../black-box/evolution.js';
import type { Estimator } from '../estimators/api.js';
import { randomIndex, type Rng } from '../random/index.js';
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
export class LamarckianEvolution extends RegularizedEvolution {
  override readonly name = 'lamarckian-evolution';

  constructor(
    private readonly lineage: Lineage,
    options: Partial<EvolutionOptions> = {},
  ) {
    super(options);
  }

  /** The parent plus one random applicable morphism (recorded in the lineage), or a plain mutation where none applies. */
  protected override child(estimator: Estimator, parent: Genotype, rng: Rng): Genotype {
    const steps = applicableSteps(estimator.space, parent);
    if (steps.length === 0) return super.child(estimator, parent, rng);
    const step = steps[randomIndex(rng, steps.length)]!;
    const child = morphismByName(step.morphism).childGenotype(estimator.space, parent, step.site);
    this.lineage.record(child, { parent, step });
    return child;
  }
}
