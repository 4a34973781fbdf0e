export { BACKEND_NAMES } from './api.js';
export type { BackendName, BackendRequest, BackendSpec, BackendInfo } from './api.js';
export { BACKENDS, backendSpec } from './registry.js';
export { initBackend, currentBackend, requestedThreads } from './select.js';
export type { BackendOptions } from './select.js';
export { availableCores } from './wasm-threads.js';
