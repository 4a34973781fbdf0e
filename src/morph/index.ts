export type { Morphism, MorphSite, MorphWeightsInput, NamedWeights } from './api.js';
export { morphNetwork, namedWeights } from './apply.js';
export {
  applicableSteps,
  knownMorphisms,
  MORPHISMS,
  type MorphismName,
  type MorphStep,
  morphismByName,
  registerMorphism,
} from './registry.js';
