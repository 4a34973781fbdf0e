import * as tf from '@tensorflow/tfjs';
import { match } from 'ts-pattern';
import type { BackendInfo, BackendName, BackendRequest } from './api.js';
import { autoCandidates, backendSpec } from './registry.js';
import { importOptional, isInstalled, packageVersion } from './load.js';
import { registerTrainingKernels } from '../kernels/register.js';
import { NasError } from '../errors.js';
import { withWasmThreads } from './wasm-threads.js';
import { hasHardwareWebGpu, loadWebGpu, webGpuDetails } from './webgpu.js';

let current: BackendInfo | null = null;

/** The backend chosen by the last `initBackend`, or null before the first call. */
export function currentBackend(): BackendInfo | null {
  return current;
}

/** Load the package that provides `name` (registering its tfjs backend). */
async function loadPackage(name: BackendName): Promise<void> {
  const spec = backendSpec(name);
  await match(name)
    .with('cpu', async () => {
      // Ships with @tensorflow/tfjs.
    })
    .with('wasm', async () => {
      await import('@tensorflow/tfjs-backend-wasm');
    })
    .with('tensorflow', 'tensorflow-gpu', async () => {
      await importOptional(spec.packageName ?? '', `backend '${name}'`, spec.installHint);
    })
    .with('webgpu', loadWebGpu)
    .exhaustive();
}

async function engineDetails(name: BackendName): Promise<Record<string, string | number | boolean>> {
  if (name === 'webgpu') return webGpuDetails();
  if (name !== 'wasm') return {};
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return {
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: wasm.getThreadsCount(),
  };
}

/**
 * The cpu backend prints a banner recommending tfjs-node on its first write.
 * The toolkit picks its engine itself and uses cpu as the reference in
 * gradient checks, so the banner is noise.
 */
function quietCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu) cpu.firstUse = false;
}

/** `auto`: tfjs-node-gpu, then webgpu on a hardware GPU adapter, then tfjs-node when installed, else wasm. */
async function resolveAuto(): Promise<BackendName> {
  for (const name of autoCandidates()) {
    if (name === 'webgpu') {
      if (await hasHardwareWebGpu()) return name;
      continue;
    }
    const pkg = backendSpec(name).packageName;
    if (pkg === null || isInstalled(pkg)) return name;
  }
  return 'wasm';
}

export interface BackendOptions {
  /**
   * Threads of the wasm engine (XNNPACK's pool). Default: the `NAS_THREADS`
   * environment variable, else 1 (see {@link DEFAULT_WASM_THREADS}). Fixed
   * when wasm first starts in a process; later calls report the running count.
   */
  readonly threads?: number;
}

/**
 * Threads when neither `--threads` nor `NAS_THREADS` says: one, the count
 * that is never much slower. Measured (docs/performance.md, "Wasm threads"):
 * on a quiet 2-core machine one thread is as fast as two (a DARTS step 1898
 * vs 2136 ms), and beside other busy processes two spinning threads are up
 * to 3x slower (DARTS step ~13.6 vs ~22.9 s, estimator query ~1.7 vs ~3.8 s).
 */
export const DEFAULT_WASM_THREADS = 1;

/** The wasm thread count asked for by `options` or `NAS_THREADS`, else {@link DEFAULT_WASM_THREADS}. */
export function requestedThreads(options: BackendOptions = {}): number {
  if (options.threads !== undefined) {
    if (!Number.isInteger(options.threads) || options.threads < 1)
      throw new NasError(`threads must be a positive integer, got ${options.threads}`);
    return options.threads;
  }
  const env = process.env['NAS_THREADS'];
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new NasError(`NAS_THREADS must be a positive integer, got '${env}'`);
    return n;
  }
  return DEFAULT_WASM_THREADS;
}

let wasmStarted = false;

async function setBackend(name: BackendName, tfName: string, options: BackendOptions): Promise<boolean> {
  const start = async (): Promise<boolean> => {
    try {
      return await tf.setBackend(tfName);
    } catch {
      return false;
    }
  };
  if (name !== 'wasm' || wasmStarted) return start();
  const ok = await withWasmThreads(requestedThreads(options), start);
  wasmStarted = ok;
  return ok;
}

/**
 * Select and initialise the compute engine, once per process before tensors
 * are made. Registers the toolkit's training kernels and gradients (see
 * `registerTrainingKernels`) so every supernet op trains on the chosen engine.
 * A backend that is not installed is a `NasError` naming the package to install.
 */
export async function initBackend(request: BackendRequest | string = 'auto', options: BackendOptions = {}): Promise<BackendInfo> {
  if (request !== 'auto') backendSpec(request);
  const name: BackendName = request === 'auto' ? await resolveAuto() : (request as BackendName);
  const spec = backendSpec(name);
  if (name === 'wasm') requestedThreads(options);
  await loadPackage(name);
  registerTrainingKernels();
  quietCpuBanner();
  const ok = await setBackend(name, spec.tfName, options);
  if (!ok) throw new NasError(`backend '${name}' could not be initialised on this machine (${spec.installHint})`);
  await tf.ready();
  const packageName = spec.packageName ?? '@tensorflow/tfjs';
  current = {
    name,
    tfName: spec.tfName,
    packageName,
    version: packageVersion(packageName),
    tfjsVersion: tf.version_core,
    details: await engineDetails(name),
  };
  return current;
}
