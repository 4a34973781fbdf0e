export { QueryLog, type Query, type BlackBoxStrategy } from './api.js';
export { RandomSearch } from './random-search.js';
export { EVOLUTION_DEFAULTS, RegularizedEvolution, type EvolutionOptions } from './evolution.js';
export { runBlackBox, type BlackBoxResult } from './run-black-box.js';
export { LocalSearch } from './local-search.js';
