import { BACKEND_NAMES, type BackendName, type BackendSpec } from './api.js';
import { NasError } from '../errors.js';
import { WEBGPU_INSTALL_HINT } from './webgpu-hint.js';

/**
 * Built-in engines. tfjs-node and tfjs-node-gpu are optional peers: their
 * install script downloads libtensorflow, so they are loaded only when a user
 * has installed them. So is webgpu (tfjs's WebGPU backend on Dawn, the
 * `webgpu` package, under Node), which `auto` picks only on a hardware GPU.
 */
export const BACKENDS = {
  'tensorflow-gpu': {
    tfName: 'tensorflow',
    packageName: '@tensorflow/tfjs-node-gpu',
    installHint: 'npm install @tensorflow/tfjs-node-gpu@4.22.0 (needs CUDA 11.2 and cuDNN 8.1)',
    autoRank: 0,
  },
  tensorflow: {
    tfName: 'tensorflow',
    packageName: '@tensorflow/tfjs-node',
    installHint: 'npm install @tensorflow/tfjs-node@4.22.0',
    autoRank: 2,
  },
  wasm: {
    tfName: 'wasm',
    packageName: '@tensorflow/tfjs-backend-wasm',
    installHint: 'npm install @tensorflow/tfjs-backend-wasm@4.22.0',
    autoRank: 3,
  },
  cpu: {
    tfName: 'cpu',
    packageName: null,
    installHint: 'npm install @tensorflow/tfjs@4.22.0',
    autoRank: null,
  },
  webgpu: {
    tfName: 'webgpu',
    packageName: '@tensorflow/tfjs-backend-webgpu',
    installHint: WEBGPU_INSTALL_HINT,
    // Only with a hardware adapter (see `hasHardwareWebGpu`); never the software one.
    autoRank: 1,
  },
} as const satisfies Record<BackendName, BackendSpec>;

/** The spec of a named backend; an unknown name is a user error listing the known ones. */
export function backendSpec(name: string): BackendSpec {
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new NasError(`unknown backend '${name}' (known: auto, ${BACKEND_NAMES.join(', ')})`);
  }
  return BACKENDS[name as BackendName];
}

/** Backends `auto` tries, best first. */
export function autoCandidates(): BackendName[] {
  return BACKEND_NAMES.filter((name) => BACKENDS[name].autoRank !== null).sort(
    (a, b) => (BACKENDS[a].autoRank ?? 0) - (BACKENDS[b].autoRank ?? 0),
  );
}
