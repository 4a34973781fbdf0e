export { QueryLog, type Query, type BlackBoxStrategy } from './api.js';
export { RandomSearch } from './random-search.js';
export { EVOLUTION_DEFAULTS, RegularizedEvolution, type EvolutionOptions } from './evolution.js';
export { BLACK_BOX_FILES, runBlackBox, type BlackBoxResult, type RunBlackBoxOptions, type RunBlackBoxOutcome, type SeedBest } from './run-black-box.js';
export { LocalSearch } from './local-search.js';
