export { GDAS_DEFAULTS, gdasOptionsSchema, type GdasOptions } from './options.js';
export { Gdas, drawGumbel, gumbelSample, type GumbelDraw, type GumbelSample } from './gdas.js';
export { GDAS_STRATEGY } from './spec.js';
