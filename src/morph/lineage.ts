import type { Genotype } from '../space/api.js';
import { canonicalString } from '../space/index.js';
import type { MorphStep } from './registry.js';

/** How a child architecture came from its parent: what its training starts from. */
export interface Descent {
  readonly parent: Genotype;
  readonly step: MorphStep;
}

/**
 * Which architectures are morphed children of which parents, as Lamarckian
 * evolution proposes them: the strategy records a child before asking the
 * estimator for it, and the retraining estimator reads the record to start
 * the child from its parent's trained weights. Plain data, rebuilt on resume
 * (the strategy replays its history deterministically).
 */
export class Lineage {
  private readonly descents = new Map<string, Descent>();

  record(child: Genotype, descent: Descent): void {
    this.descents.set(canonicalString(child), descent);
  }

  of(child: Genotype): Descent | undefined {
    return this.descents.get(canonicalString(child));
  }
}
