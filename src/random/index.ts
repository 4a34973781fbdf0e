export { createRng, randomIndex, type Rng } from './rng.js';
export { seededUniform } from './uniform.js';
export { seededPermutation } from './permutation.js';
