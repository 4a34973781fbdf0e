import type * as tf from '@tensorflow/tfjs';

/** tfjs-webgpu's own kernels that the toolkit's replace, by kernel name, as registered before the replacement. */
const stock = new Map<string, tf.KernelConfig>();

/** Keep tfjs-webgpu's kernel `config` (the first one seen per name: tfjs's, not an earlier replacement). */
export function rememberStock(config: tf.KernelConfig | undefined): void {
  if (config !== undefined && !stock.has(config.kernelName)) stock.set(config.kernelName, config);
}

/**
 * tfjs-webgpu's kernel that the toolkit's `name` replaced, if it replaced
 * one: benchmarks put it back to measure a kernel before and after on one
 * checkout (bench/gpu-step.ts `--without`).
 */
export function stockKernel(name: string): tf.KernelConfig | undefined {
  return stock.get(name);
}
