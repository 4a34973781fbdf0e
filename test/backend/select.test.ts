import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BACKENDS, backendSpec, initBackend } from '../../src/backend/index.js';
import { NasError } from '../../src/errors.js';

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
    ['webgpu', '@tensorflow/tfjs-backend-webgpu'],
  ])('a missing %s backend is one line naming %s', async (name, pkg) => {
    const error = await initBackend(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NasError);
    const message = (error as Error).message;
    expect(message).toContain(`npm install ${pkg}`);
    expect(message).not.toContain('\n');
  });

  it('an unknown backend lists the known ones', async () => {
    await expect(initBackend('tpu')).rejects.toThrow(/unknown backend 'tpu' \(known: auto, wasm, cpu/);
  });

  it('every spec names how to install it', () => {
    for (const name of Object.keys(BACKENDS)) expect(backendSpec(name).installHint).toMatch(/^npm install /);
  });
});
