import type * as tf from '@tensorflow/tfjs';

/** GPU objects as far as this file uses them (`@webgpu/types` stays optional). */
interface GpuPipeline {
  getBindGroupLayout(index: number): unknown;
}
interface GpuDevice {
  createShaderModule(descriptor: { code: string }): unknown;
  createComputePipeline(descriptor: { layout: 'auto'; compute: { module: unknown; entryPoint: string } }): GpuPipeline;
  createBindGroup(descriptor: { layout: unknown; entries: { binding: number; resource: unknown }[] }): unknown;
}
interface GpuPass {
  setPipeline(pipeline: GpuPipeline): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
}

/**
 * The parts of tfjs-webgpu 4.22's backend that its own `runWebGPUProgram`
 * uses to record a dispatch (backend_webgpu.js `recordAndSubmit`): its
 * programs write one output, so a kernel with several outputs records its
 * dispatch the same way itself.
 */
interface RecordingBackend {
  readonly device: GpuDevice;
  commandEncoder: { beginComputePass(descriptor: object): GpuPass } | null;
  computePassEncoder: GpuPass | null;
  dispatchCountInPass: number;
  readonly commandQueueOwnedIds: WeakSet<object>;
  readonly activeTimers?: unknown[] | null;
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  uploadToGPU(dataId: object): void;
  tensorToBinding(tensor: tf.TensorInfo): unknown;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

const pipelines = new WeakMap<object, Map<string, GpuPipeline>>();

/** Dispatches recorded here (not through `runWebGPUProgram`), for benchmarks that count dispatches. */
let recorded = 0;

/** Whether {@link runMultiOutput} can record on `backend` now: not while tfjs times its kernels (`tf.time`), whose queries it does not write. */
export function canRecordMultiOutput(backend: unknown): boolean {
  return (backend as RecordingBackend).activeTimers == null;
}

/** How many dispatches {@link runMultiOutput} has recorded in this process. */
export function multiOutputDispatches(): number {
  return recorded;
}

/**
 * Run a complete WGSL compute shader (`main`, its own bindings: the outputs
 * at 0.., then the inputs, as storage buffers) once, writing several float32
 * outputs, in tfjs-webgpu's command stream: the same encoder and compute
 * pass as its programs, the same submission every
 * `WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE` dispatches, and the buffers marked as
 * in use by the queue until it is submitted. `key` names the shader in the
 * pipeline cache. Not while tfjs times kernels (`canRecordMultiOutput`).
 */
export function runMultiOutput(
  backend: unknown,
  key: string,
  code: string,
  inputs: readonly tf.TensorInfo[],
  outputShapes: readonly number[][],
  workgroups: number,
  submitBatch: number,
): tf.TensorInfo[] {
  const b = backend as RecordingBackend;
  if (!canRecordMultiOutput(b)) throw new Error(`${key}: not runnable under tfjs's kernel timers`);
  const outputs = outputShapes.map((shape) => b.makeTensorInfo(shape, 'float32'));
  for (const t of [...inputs, ...outputs]) b.uploadToGPU(t.dataId);
  const cache = pipelines.get(b.device) ?? new Map<string, GpuPipeline>();
  pipelines.set(b.device, cache);
  let pipeline = cache.get(key);
  if (pipeline === undefined) {
    const module = b.device.createShaderModule({ code });
    pipeline = b.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    cache.set(key, pipeline);
  }
  const bindGroup = b.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [...outputs, ...inputs].map((t, binding) => ({ binding, resource: b.tensorToBinding(t) })),
  });
  for (const t of [...inputs, ...outputs]) b.commandQueueOwnedIds.add(t.dataId);
  b.ensureCommandEncoderReady();
  b.computePassEncoder ??= b.commandEncoder!.beginComputePass({});
  b.computePassEncoder.setPipeline(pipeline);
  b.computePassEncoder.setBindGroup(0, bindGroup);
  b.computePassEncoder.dispatchWorkgroups(workgroups);
  b.dispatchCountInPass++;
  recorded++;
  if (b.dispatchCountInPass >= submitBatch) {
    b.endComputePassEncoder();
    b.submitQueue();
  }
  return outputs;
}
