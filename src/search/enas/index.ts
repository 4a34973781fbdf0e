export { Controller, type ControllerOptions, type ControllerPass } from './controller.js';
export { ENAS_CONTROLLER_DEFAULTS, Enas, enasOptionsSchema, type EnasOptions } from './enas.js';
export { ENAS_STRATEGY } from './spec.js';
