export { BACKEND_NAMES } from './api.js';
export type { BackendName, BackendRequest, BackendSpec, BackendInfo } from './api.js';
export { BACKENDS, backendSpec } from './registry.js';
export { initBackend, currentBackend } from './select.js';
