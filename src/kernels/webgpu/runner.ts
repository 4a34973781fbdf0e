import type * as tf from '@tensorflow/tfjs';

/** What the toolkit's WGSL kernels need of tfjs's WebGPU backend (its programs take a flat output index). */
export interface WebGpuRunner {
  runWebGPUProgram(
    program: object,
    inputs: tf.TensorInfo[],
    dtype: tf.DataType,
    uniforms?: { type: string; data: number[] }[],
  ): tf.TensorInfo;
  disposeData(dataId: object): boolean;
  readonly device: { readonly limits: { readonly maxStorageBuffersPerShaderStage: number } };
}

/** Threads per workgroup of the per-element and per-channel programs. */
export const WORKGROUP = 64;

/** How many inputs one shader may bind: the device's storage buffers per stage, less the output's. */
export function storageInputs(runner: WebGpuRunner): number {
  return runner.device.limits.maxStorageBuffersPerShaderStage - 1;
}
