export { Controller, type ControllerOptions, type ControllerPass } from './controller.js';
export { ENAS_CONTROLLER_DEFAULTS, Enas, type EnasOptions } from './enas.js';
