import { randomIndex } from '../../random/index.js';
import type { Genotype } from '../../space/api.js';
import type { SampledMode } from '../../supernet/api.js';
import type { SamplerOptions } from '../samplers/options.js';
import { SinglePathStrategy } from '../samplers/single-path.js';
import { type Restriction, restrictedClasses } from './restriction.js';

/** A restricted SPOS's options: the sampler's and its restriction. */
export type RestrictedSposOptions = SamplerOptions & Restriction;

/**
 * SPOS (the same step, schedule and derivation as `Spos`) that draws only the
 * architectures of a restriction: a few-shot sub-supernet trains the paths
 * whose split edge holds its op (Zhao et al. ICML 2021), a pruned supernet
 * the computations it kept (Ning et al. NeurIPS 2021). With `uniquePaths` a
 * draw is a restricted computation class uniformly, then one of its members
 * (de-isomorphic sampling); without it, a member of all of them uniformly.
 * Derivation candidates come from the same draw, so the derived genotype is
 * inside the restriction too.
 */
export class RestrictedSpos extends SinglePathStrategy {
  readonly name = 'spos-restricted';
  readonly restriction: Restriction;
  private classes: Genotype[][] | null = null;
  private members: Genotype[] | null = null;

  constructor(options: Partial<SamplerOptions> & Restriction) {
    super(options);
    this.restriction = { splitEdges: options.splitEdges, splitOps: options.splitOps, keep: options.keep };
  }

  /** Bind, and settle the restriction against the supernet's space now: a bad one fails before any step. */
  override setup(...args: Parameters<SinglePathStrategy['setup']>): void {
    super.setup(...args);
    this.classes = restrictedClasses(this.b.supernet.space, this.restriction);
  }

  protected paths(_step: number, rng: () => number): SampledMode[] {
    return [{ kind: 'fixed', genotype: this.draw(rng) }];
  }

  protected override draw(rng: () => number): Genotype {
    this.classes ??= restrictedClasses(this.b.supernet.space, this.restriction);
    if (this.options.uniquePaths) {
      const members = this.classes[randomIndex(rng, this.classes.length)]!;
      return members[randomIndex(rng, members.length)]!;
    }
    this.members ??= this.classes.flat();
    return this.members[randomIndex(rng, this.members.length)]!;
  }
}
