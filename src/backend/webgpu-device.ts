import { NasError } from '../errors.js';

/** The parts of a WebGPU adapter the toolkit reads (structural, so `@webgpu/types` stays optional). */
export interface GpuAdapterLike {
  readonly limits: Record<string, number>;
  readonly features: ReadonlySet<string>;
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  requestDevice(descriptor: { requiredLimits?: Record<string, number>; requiredFeatures?: string[] }): Promise<GpuDeviceLike>;
}

/** A WebGPU device as the toolkit uses it. */
export interface GpuDeviceLike {
  readonly limits: Record<string, number>;
  readonly lost: Promise<{ reason?: string; message?: string }>;
  onuncapturederror: ((event: { error: { message: string; constructor: { name: string } } }) => void) | null;
  destroy(): void;
}

/** `navigator.gpu` (in Node: the `webgpu` package's `create(flags)`). */
export interface GpuLike {
  requestAdapter(options?: { featureLevel?: string; powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** The `webgpu` package (Dawn for Node). */
export interface DawnModule {
  create(flags: string[]): GpuLike;
  readonly globals: object;
}

/**
 * Which adapter to use: `hardware` (a GPU, the default) or `software`, the
 * CPU adapter Dawn gets from Mesa's llvmpipe through OpenGL, for tests on
 * machines without a GPU (read from `NAS_WEBGPU_ADAPTER`).
 */
export type AdapterChoice = 'hardware' | 'software';

/** An opened adapter and device, and what `nas info` prints about it. */
export interface OpenedDevice {
  readonly gpu: GpuLike;
  readonly adapter: GpuAdapterLike;
  readonly device: GpuDeviceLike;
  readonly software: boolean;
  /** e.g. "llvmpipe (LLVM 15.0.6, 256 bits), OpenGL version 4.5 (Core Profile) Mesa 22.3.6". */
  readonly description: string;
}

/** Adapters that are CPU rasterisers, not GPUs: `auto` never picks them. */
const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|softpipe|swiftshader/i;

/** `NAS_WEBGPU_ADAPTER`, checked: unset is `hardware`. */
export function adapterChoice(env: NodeJS.ProcessEnv = process.env): AdapterChoice {
  const value = env['NAS_WEBGPU_ADAPTER'] ?? '';
  if (value === '' || value === 'hardware') return 'hardware';
  if (value === 'software') return 'software';
  throw new NasError(`NAS_WEBGPU_ADAPTER must be 'hardware' or 'software', got '${value}'`);
}

export function describeAdapter(adapter: GpuAdapterLike): string {
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.device].filter((s) => s !== undefined && s !== '').join(' ');
  return [name, info.description].filter((s) => s !== undefined && s !== '').join(', ') || 'unnamed adapter';
}

export function isSoftwareAdapter(adapter: GpuAdapterLike): boolean {
  return adapter.info?.isFallbackAdapter === true || SOFTWARE_ADAPTER.test(describeAdapter(adapter));
}

/**
 * Find an adapter. Hardware: Dawn's default backend (Vulkan on Linux, Metal,
 * D3D12), high-performance. Software: Dawn's OpenGL (then OpenGL ES) backend,
 * which only offers an adapter at the `compatibility` feature level (Mesa
 * llvmpipe; Dawn refuses lavapipe's Vulkan, see shared/NOTES-webgpu.md).
 */
export async function findAdapter(dawn: DawnModule, choice: AdapterChoice): Promise<{ gpu: GpuLike; adapter: GpuAdapterLike } | null> {
  if (choice === 'hardware') {
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    return adapter !== null && !isSoftwareAdapter(adapter) ? { gpu, adapter } : null;
  }
  // Mesa's EGL otherwise looks for a display server.
  process.env['EGL_PLATFORM'] ??= 'surfaceless';
  for (const backend of ['opengl', 'opengles']) {
    const gpu = dawn.create([`backend=${backend}`]);
    const adapter = await gpu.requestAdapter({ featureLevel: 'compatibility' });
    if (adapter !== null) return { gpu, adapter };
  }
  return null;
}

/**
 * Open a device with every limit the adapter offers. WebGPU gives a device
 * the spec's defaults unless asked, and tfjs asks for only a few: with the
 * default 8 storage buffers per stage, `addN` of 9 tensors fails validation
 * and returns zeros (shared/NOTES-webgpu.md).
 */
export async function openDevice(dawn: DawnModule, choice: AdapterChoice): Promise<OpenedDevice> {
  const found = await findAdapter(dawn, choice);
  if (found === null) {
    throw new NasError(
      choice === 'hardware'
        ? "backend 'webgpu': no hardware WebGPU adapter (GPU driver/Vulkan ICD missing?); NAS_WEBGPU_ADAPTER=software runs on the CPU, for tests"
        : "backend 'webgpu': no software WebGPU adapter (install mesa-vulkan-drivers libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri)",
    );
  }
  const { gpu, adapter } = found;
  const device = await requestFullDevice(adapter);
  return { gpu, adapter, device, software: isSoftwareAdapter(adapter), description: describeAdapter(adapter) };
}

/**
 * A device with every limit `adapter` offers (and timestamp queries when it
 * has them), under Node and in a browser alike (src/backend/webgpu-browser.ts).
 */
export async function requestFullDevice(adapter: GpuAdapterLike): Promise<GpuDeviceLike> {
  const requiredLimits: Record<string, number> = {};
  // Limits are getters on the prototype: enumerate with for..in.
  for (const key in adapter.limits) {
    const value = adapter.limits[key];
    if (typeof value === 'number') requiredLimits[key] = value;
  }
  const requiredFeatures = ['timestamp-query'].filter((f) => adapter.features.has(f));
  return adapter.requestDevice({ requiredLimits, requiredFeatures });
}
