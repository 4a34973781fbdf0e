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
}

/** Threads per workgroup of the per-element and per-channel programs. */
export const WORKGROUP = 64;
