export type { Morphism, MorphSite, MorphWeightsInput, NamedWeights } from './api.js';
export { morphNetwork, morphWeightsInto, namedWeights } from './apply.js';
export {
  applicableSteps,
  knownMorphisms,
  MORPHISMS,
  type MorphismName,
  type MorphStep,
  morphismByName,
  registerMorphism,
} from './registry.js';
export { inheritFromParent } from './inherit-parent.js';
export { LamarckianEvolution } from './lamarckian-evolution.js';
export { type Descent, Lineage } from './lineage.js';
