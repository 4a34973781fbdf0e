import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend, webGpuDevice } from '../../src/backend/index.js';
import { NasError, firstLine } from '../../src/errors.js';

// The software adapter (Mesa llvmpipe through Dawn's OpenGL backend): the
// WebGPU path is tested on machines without a GPU. Needs the Debian packages
// mesa-vulkan-drivers libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

describe.skipIf(unavailable !== null)(`webgpu on the software adapter${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('opens the device with the adapter limits and names the adapter', async () => {
    const info = await initBackend('webgpu');
    expect(info.name).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(String(info.details['adapter'])).toMatch(/\(software\)$/);
    // The WebGPU default is 8; llvmpipe offers 16.
    expect(info.details['max storage buffers per stage']).toBeGreaterThan(8);
  });

  it('addN of 9 tensors is correct, not zeros (needs 10 storage buffers)', async () => {
    const xs = Array.from({ length: 9 }, (_, i) => tf.fill([5], i + 1));
    const sum = tf.addN(xs);
    expect(Array.from(await sum.data())).toEqual([45, 45, 45, 45, 45]);
    tf.dispose([...xs, sum]);
  });

  it.each([20, 40])('addN of %i tensors (more than the storage buffers) is summed in chunks, not zeros', async (n) => {
    const xs = Array.from({ length: n }, (_, i) => tf.fill([3], i + 1));
    const sum = tf.addN(xs);
    expect(Array.from(await sum.data())).toEqual(new Array(3).fill((n * (n + 1)) / 2));
    tf.dispose([...xs, sum]);
  });

  it('a device validation error makes the next read throw one line', async () => {
    const gpu = webGpuDevice();
    expect(gpu?.software).toBe(true);
    const device = gpu?.device as unknown as { createBuffer(d: { size: number; usage: number }): { destroy(): void } };
    const usage = (globalThis as unknown as { GPUBufferUsage: Record<string, number> }).GPUBufferUsage;
    // MAP_READ may only be combined with COPY_DST: a validation error.
    device.createBuffer({ size: 16, usage: (usage['MAP_READ'] ?? 0) | (usage['STORAGE'] ?? 0) }).destroy();
    const x = tf.tidy(() => tf.add(tf.ones([4096]), tf.ones([4096])));
    const error = await x.data().catch((e: unknown) => e);
    x.dispose();
    expect(error).toBeInstanceOf(NasError);
    expect((error as Error).message).toMatch(/^WebGPU validation error: /);
    expect((error as Error).message).not.toContain('\n');
    // Reported once: the next read is clean.
    const y = tf.tidy(() => tf.add(tf.ones([4096]), tf.ones([4096])));
    expect(Array.from(await y.data())).toEqual(new Array(4096).fill(2));
    y.dispose();
  });

  it('a synchronous read of GPU data is a one-line error naming await data()', () => {
    // Over WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD (1000), so tfjs computes it on the GPU.
    const x = tf.tidy(() => tf.add(tf.ones([4096]), tf.ones([4096])));
    expect(() => x.dataSync()).toThrow(/use await data\(\)/);
    x.dispose();
  });
});
