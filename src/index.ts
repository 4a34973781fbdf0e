export * from './backend/index.js';
export * from './kernels/index.js';
export { NasError } from './errors.js';
export * from './data/index.js';
export * from './space/index.js';
export * from './random/index.js';
export * from '../cells/index.js';
