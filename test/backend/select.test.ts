import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BACKENDS, adapterChoice, backendSpec, hasHardwareWebGpu, initBackend } from '../../src/backend/index.js';
import { isInstalled } from '../../src/backend/load.js';
import { NasError } from '../../src/errors.js';

const webgpuInstalled = isInstalled('@tensorflow/tfjs-backend-webgpu') && isInstalled('webgpu');
const hardwareGpu = await hasHardwareWebGpu();

describe('initBackend', () => {
  it('auto picks wasm when tfjs-node is not installed', async () => {
    const info = await initBackend('auto');
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.version).toBe('4.22.0');
    expect(info.details['simd']).toBe(true);
  });

  it('registers the training kernels wasm lacks', async () => {
    await initBackend('wasm');
    for (const kernel of [
      'Conv2DBackpropFilter',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'UnsortedSegmentSum',
    ]) {
      expect(tf.getKernel(kernel, 'wasm'), kernel).toBeDefined();
    }
  });

  it('selects the cpu backend', async () => {
    const info = await initBackend('cpu');
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await initBackend('wasm');
  });

  it.each([
    ['tensorflow', '@tensorflow/tfjs-node'],
    ['tensorflow-gpu', '@tensorflow/tfjs-node-gpu'],
  ])('a missing %s backend is one line naming %s', async (name, pkg) => {
    const error = await initBackend(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NasError);
    const message = (error as Error).message;
    expect(message).toContain(`npm install ${pkg}`);
    expect(message).not.toContain('\n');
  });

  it.skipIf(webgpuInstalled)('a missing webgpu backend is one line naming both packages', async () => {
    const error = await initBackend('webgpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NasError);
    expect((error as Error).message).toContain('npm install @tensorflow/tfjs-backend-webgpu@4.22.0 webgpu@0.6.2');
    expect((error as Error).message).not.toContain('\n');
  });

  it.skipIf(!webgpuInstalled || hardwareGpu)('webgpu on a machine without a GPU is one line naming the software adapter', async () => {
    delete process.env['NAS_WEBGPU_ADAPTER'];
    const error = await initBackend('webgpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NasError);
    expect((error as Error).message).toMatch(/no hardware WebGPU adapter.*NAS_WEBGPU_ADAPTER=software/);
    expect((error as Error).message).not.toContain('\n');
    // `auto` never picks the software adapter.
    expect((await initBackend('auto')).name).toBe('wasm');
  });

  it('NAS_WEBGPU_ADAPTER takes hardware or software only', () => {
    expect(adapterChoice({})).toBe('hardware');
    expect(adapterChoice({ NAS_WEBGPU_ADAPTER: 'software' })).toBe('software');
    expect(() => adapterChoice({ NAS_WEBGPU_ADAPTER: 'cpu' })).toThrow(/NAS_WEBGPU_ADAPTER must be 'hardware' or 'software', got 'cpu'/);
  });

  it('an unknown backend lists the known ones', async () => {
    await expect(initBackend('tpu')).rejects.toThrow(/unknown backend 'tpu' \(known: auto, wasm, cpu/);
  });

  it('every spec names how to install it', () => {
    for (const name of Object.keys(BACKENDS)) expect(backendSpec(name).installHint).toMatch(/^npm install /);
  });
});
