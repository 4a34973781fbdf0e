export { GDAS_DEFAULTS, type GdasOptions } from './options.js';
export { Gdas, gumbelSample, type GumbelSample } from './gdas.js';
