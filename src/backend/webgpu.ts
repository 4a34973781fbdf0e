import { existsSync, readdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { adapterChoice, type DawnModule, findAdapter, type GpuDeviceLike, type OpenedDevice, openDevice } from './webgpu-device.js';
import { DeviceErrorGuard } from './webgpu-errors.js';
import { importOptional, isInstalled } from './load.js';
import { WEBGPU_INSTALL_HINT } from './webgpu-hint.js';

/** The toolkit needs both: tfjs's backend and, under Node, Dawn. */
export const WEBGPU_PACKAGES = ['@tensorflow/tfjs-backend-webgpu', 'webgpu'] as const;

interface WebGpuPackage {
  WebGPUBackend: new (device: GpuDeviceLike, adapterInfo?: unknown) => tf.KernelBackend;
}

interface Started {
  readonly opened: OpenedDevice;
  readonly guard: DeviceErrorGuard;
}

let started: Started | null = null;

/** Modules handed in by a bundle, instead of imported by name at run time. */
let provided: { tfjsWebGpu?: WebGpuPackage; dawn?: DawnModule } = {};

/**
 * Hand the toolkit the WebGPU modules instead of letting it import them by
 * name: a bundle (scripts/device-pack.sh, a browser build) includes tfjs's
 * WebGPU backend itself, so that it shares the bundle's one tfjs-core, and
 * cannot resolve optional packages at run time.
 */
export function provideWebGpuModules(modules: { readonly tfjsWebGpu?: unknown; readonly dawn?: unknown }): void {
  provided = { ...provided, ...(modules as typeof provided) };
}

async function loadDawn(): Promise<DawnModule> {
  const dawn = provided.dawn ?? (await importOptional<DawnModule>('webgpu', "backend 'webgpu' in Node", WEBGPU_INSTALL_HINT));
  // GPUBufferUsage, GPUMapMode ... which tfjs reads as globals, as in a browser.
  for (const [key, value] of Object.entries(dawn.globals)) {
    if (!(key in globalThis)) Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  }
  return dawn;
}

/** tfjs's backend checks `navigator.gpu` when it is constructed; Node has no such global. */
function exposeGpu(gpu: unknown): void {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (nav?.gpu !== undefined) return;
  Object.defineProperty(globalThis, 'navigator', { value: { ...(nav ?? {}), gpu }, configurable: true, writable: true });
}

/**
 * Start WebGPU under Node, once per process: open the adapter and device
 * (hardware unless `NAS_WEBGPU_ADAPTER=software`) with the adapter's limits,
 * and register tfjs's WebGPU backend on that device, its reads guarded by a
 * `DeviceErrorGuard`. tfjs's own registration (made at import when
 * `navigator.gpu` exists) is replaced: it asks for the adapter itself and
 * would get the default limits.
 */
export async function loadWebGpu(): Promise<void> {
  if (started !== null) return;
  const pkg =
    provided.tfjsWebGpu ??
    (await importOptional<WebGpuPackage>('@tensorflow/tfjs-backend-webgpu', "backend 'webgpu'", WEBGPU_INSTALL_HINT));
  const opened = await openDevice(await loadDawn(), adapterChoice());
  const guard = new DeviceErrorGuard(opened.device);
  exposeGpu(opened.gpu);
  if (tf.findBackendFactory('webgpu') !== null) tf.removeBackend('webgpu');
  // tfjs-webgpu's conv input gradient is a thread per input element looping over the window and every output
  // channel unless this is off; off, it is its tiled matrix-product program (shared-memory tiles), checked against
  // cpu by the gradient grid (test/kernels/webgpu).
  tf.env().set('WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE', false);
  tf.registerBackend('webgpu', () => {
    const backend = new pkg.WebGPUBackend(opened.device, opened.adapter.info);
    guard.wrap(backend as unknown as Parameters<DeviceErrorGuard['wrap']>[0]);
    return backend;
  });
  started = { opened, guard };
}

/** Facts `nas info` prints about the WebGPU device in use. */
export function webGpuDetails(): Record<string, string | number | boolean> {
  if (started === null) return {};
  const { opened } = started;
  const limits = opened.device.limits;
  return {
    adapter: `${opened.description} (${opened.software ? 'software' : 'hardware'})`,
    'max storage buffers per stage': limits['maxStorageBuffersPerShaderStage'] ?? 0,
    'max buffer size (MiB)': Math.round((limits['maxBufferSize'] ?? 0) / 2 ** 20),
  };
}

/** The device and its error guard while WebGPU runs (for benchmarks, and tests that provoke errors). */
export function webGpuDevice(): { readonly device: GpuDeviceLike; readonly guard: DeviceErrorGuard; readonly software: boolean } | null {
  return started === null ? null : { device: started.opened.device, guard: started.guard, software: started.opened.software };
}

/**
 * Whether the machine shows a GPU to Dawn at all (cheap, no driver loaded):
 * Linux needs a DRM render node, an NVIDIA device or WSL's /dev/dxg.
 */
function gpuDeviceNodes(): boolean {
  if (process.platform !== 'linux') return process.platform === 'darwin' || process.platform === 'win32';
  if (existsSync('/dev/dxg') || existsSync('/dev/nvidia0')) return true;
  try {
    return readdirSync('/dev/dri').some((name) => name.startsWith('renderD'));
  } catch {
    return false;
  }
}

let hardwareProbe: Promise<boolean> | null = null;

/**
 * For `auto`: both packages installed and Dawn finds a hardware adapter
 * (never the software one). Probed once per process.
 */
export function hasHardwareWebGpu(): Promise<boolean> {
  hardwareProbe ??= (async () => {
    const installed =
      (provided.tfjsWebGpu !== undefined || isInstalled(WEBGPU_PACKAGES[0])) &&
      (provided.dawn !== undefined || isInstalled(WEBGPU_PACKAGES[1]));
    if (!installed || !gpuDeviceNodes()) return false;
    try {
      const found = await findAdapter(await loadDawn(), 'hardware');
      return found !== null;
    } catch {
      return false;
    }
  })();
  return hardwareProbe;
}
