export { DARTS_SPACE } from './darts.js';
export { NB201_SPACE } from './nb201.js';
export { CHAIN_SPACE } from './chain.js';
export { HIERARCHICAL_SPACE } from './hierarchical.js';
export { BUILTIN_SPACES, registerSpace, spaceByName, spaceNames, type BuiltinSpaceName } from './registry.js';
export { NAMED_GENOTYPES, namedGenotype, type NamedGenotypeName } from './genotypes.js';
