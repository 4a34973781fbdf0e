import { movesFor, type Query } from '../black-box/api.js';
import { RegularizedEvolution } from '../black-box/index.js';
import type { Estimator } from '../estimators/api.js';
import type { Rng } from '../random/index.js';
import { canonicalString } from '../space/index.js';
import type { Genotype } from '../space/api.js';

/** Mutations (then uniform draws) tried for a child the search has not asked yet. */
const TRIES = 50;

/**
 * Regularized evolution (Real et al. 2019) whose children are architectures
 * this search has not asked yet. Within a sparse pool (a partial table's: 219
 * of NB201's 6,466 computations) a single mutation rarely lands in the pool,
 * so the pool's nearest members stand in (`RestrictedSpace`); once those
 * around the population are trained, every child is one the search already
 * has, answered again at no cost, and the search stops spending compute
 * while its population cycles. In the complete space a mutation almost never
 * repeats, so this is what evolution does there: the winner is mutated again
 * (up to `TRIES` times) until the child is new, else an unasked member of the
 * pool is drawn uniformly; only when those fail too is a repeat asked.
 */
export class FreshEvolution extends RegularizedEvolution {
  override readonly name: string = 'evolution-fresh';
  /** Canonical strings this run has asked (rebuilt from the replayed queries on resume). */
  private asked = new Set<string>();

  override async run(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<Query[]> {
    this.asked = new Set();
    return super.run(estimator, budget, rng, (q) => {
      this.asked.add(q.genotype);
      onQuery?.(q);
    });
  }

  protected override child(estimator: Estimator, parent: Genotype, rng: Rng): Genotype {
    const moves = movesFor(estimator, this.options.within);
    const fresh = (g: Genotype) => !this.asked.has(canonicalString(g));
    for (let i = 0; i < TRIES; i++) {
      const g = moves.mutate(parent, rng);
      if (fresh(g)) return g;
    }
    for (let i = 0; i < TRIES; i++) {
      const g = moves.sample(rng);
      if (fresh(g)) return g;
    }
    return moves.mutate(parent, rng);
  }
}
