import * as tf from '@tensorflow/tfjs';
import { NasError } from '../errors.js';
import { registerTrainingKernels } from '../kernels/register.js';
import { DeviceErrorGuard } from './webgpu-errors.js';
import { type GpuDeviceLike, type GpuLike, describeAdapter, isSoftwareAdapter, requestFullDevice } from './webgpu-device.js';

/** tfjs's WebGPU package as a browser bundle imports it (`import * as tfWebGpu from '@tensorflow/tfjs-backend-webgpu'`). */
export interface TfjsWebGpuModule {
  /** `new WebGPUBackend(device, adapterInfo)`; typed loosely so that `@webgpu/types` stays optional. */
  readonly WebGPUBackend: new (
    ...args: never[]
  ) => tf.KernelBackend;
}

type BackendClass = new (device: GpuDeviceLike, adapterInfo?: unknown) => tf.KernelBackend;

/** What the page shows about the engine it trains on. */
export interface BrowserWebGpu {
  /** tfjs's backend name: always 'webgpu'. */
  readonly backend: string;
  /** The adapter, e.g. "google swiftshader, SwiftShader Device (Subzero)". */
  readonly adapter: string;
  /** A CPU rasteriser (SwiftShader, llvmpipe): its timings say nothing about a GPU. */
  readonly software: boolean;
  readonly maxStorageBuffersPerShaderStage: number;
  /** The toolkit's own WGSL kernels registered for webgpu (`TfjsNas...`), so a page can show they are in use. */
  readonly toolkitKernels: readonly string[];
  /** The device's errors become thrown ones at every read; tests read `guard.seen`. */
  readonly guard: DeviceErrorGuard;
  readonly device: GpuDeviceLike;
}

let started: BrowserWebGpu | null = null;

/**
 * Start tfjs's WebGPU backend on the browser's own `navigator.gpu`, the way
 * the Node path does on Dawn (src/backend/webgpu.ts): a device opened with
 * every limit the adapter offers (tfjs asks for only a few, and with the
 * default 8 storage buffers per stage `addN` of 9 tensors returns zeros,
 * shared/NOTES-webgpu.md), its uncaptured errors turned into thrown
 * `NasError`s at every read (`DeviceErrorGuard`), the backend tfjs
 * registered at import replaced by one on that device, and the toolkit's
 * WGSL kernels and gradients registered. Once per page; later calls return
 * the first result.
 */
export async function initBrowserWebGpu(tfjsWebGpu: TfjsWebGpuModule): Promise<BrowserWebGpu> {
  if (started !== null) return started;
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (gpu === undefined) {
    throw new NasError('this browser has no WebGPU (navigator.gpu is undefined: it needs a secure context, https or localhost)');
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) throw new NasError('WebGPU: the browser offers no adapter (no GPU, or WebGPU disabled)');
  const device = await requestFullDevice(adapter);
  const guard = new DeviceErrorGuard(device);
  if (tf.findBackendFactory('webgpu') !== null) tf.removeBackend('webgpu');
  // As under Node: tfjs-webgpu's tiled conv input gradient instead of its naive one (checked by test/kernels/webgpu).
  tf.env().set('WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE', false);
  tf.registerBackend('webgpu', () => {
    const backend = new (tfjsWebGpu.WebGPUBackend as unknown as BackendClass)(device, adapter.info);
    guard.wrap(backend as unknown as Parameters<DeviceErrorGuard['wrap']>[0]);
    return backend;
  });
  registerTrainingKernels();
  if (!(await tf.setBackend('webgpu'))) throw new NasError('WebGPU: tfjs could not start its webgpu backend on this device');
  await tf.ready();
  started = {
    backend: tf.getBackend(),
    adapter: describeAdapter(adapter),
    software: isSoftwareAdapter(adapter),
    maxStorageBuffersPerShaderStage: device.limits['maxStorageBuffersPerShaderStage'] ?? 0,
    toolkitKernels: tf
      .getKernelsForBackend('webgpu')
      .map((k) => k.kernelName)
      .filter((name) => name.startsWith('TfjsNas'))
      .sort(),
    guard,
    device,
  };
  return started;
}
