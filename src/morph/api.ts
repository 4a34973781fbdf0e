import type * as tf from '@tensorflow/tfjs';
import type { Skeleton } from '../../supernets/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';

/**
 * Where a morphism acts, as plain data (saved in run histories, printed in
 * errors): a cell edge `from -> to` of a cell type, a chain layer, and the
 * op or width it puts there. Each operator reads the fields it needs.
 */
export interface MorphSite {
  readonly cell?: string;
  readonly from?: number;
  readonly to?: number;
  /** Deepen: the free intermediate node the new path runs through. */
  readonly via?: number;
  readonly layer?: number;
  readonly op?: string;
  readonly width?: number;
}

/** Named weights: every parameter and buffer of a network, by its structural name. */
export type NamedWeights = ReadonlyMap<string, tf.Tensor>;

/** What an operator's weight transform sees (all tensors owned by the caller). */
export interface MorphWeightsInput {
  readonly space: SearchSpace;
  readonly skeleton: Skeleton;
  readonly parentGenotype: Genotype;
  readonly parent: NamedWeights;
  /** The child network's freshly initialised weights (for the parts the morphism adds). */
  readonly fresh: NamedWeights;
  readonly site: MorphSite;
  /** Seeded uniform [0, 1) numbers (Net2WiderNet's random unit choice). */
  readonly random: () => number;
}

/**
 * A function-preserving network morphism (Wei et al. 2016; Chen et al. 2016,
 * Net2Net; Elsken et al. 2017 NASH and 2019 LEMONADE): a change of genotype
 * and a way to give the child weights under which it computes the parent's
 * function, so training continues instead of restarting.
 */
export interface Morphism {
  readonly name: string;
  /** Every site where the morphism applies to the genotype (empty: it does not apply). */
  sites(space: SearchSpace, genotype: Genotype): MorphSite[];
  /** The child's genotype; a site where it does not apply is a one-line `NasError`. */
  childGenotype(space: SearchSpace, genotype: Genotype, site: MorphSite): Genotype;
  /**
   * The child's weight for every name in `fresh` (synchronous tensor code,
   * run inside `tf.tidy` by the caller; may return the parent's own tensors).
   */
  childWeights(input: MorphWeightsInput): Map<string, tf.Tensor>;
}
