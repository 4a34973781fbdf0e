export * from './backend/index.js';
export * from './kernels/index.js';
export { NasError } from './errors.js';
