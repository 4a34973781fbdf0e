import * as tf from '@tensorflow/tfjs';

interface DeviceLimits {
  readonly device: { readonly limits: { readonly maxStorageBuffersPerShaderStage: number } };
}

/**
 * `AddN` on webgpu for any number of inputs. tfjs-webgpu sums all inputs in
 * one shader that binds every input as a storage buffer, so past the
 * device's `maxStorageBuffersPerShaderStage - 1` inputs the pipeline fails
 * validation and the sum is never written (zeros): a DARTS supernet's
 * gradient accumulation adds ~20 tensors at once. Here the inputs are summed
 * in groups that fit (one dispatch each) and the partial sums again, so `n`
 * inputs take about `n / (limit - 1)` dispatches instead of a failure.
 */
export function chunkedAddNConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.AddN,
    backendName: original.backendName,
    kernelFunc: (args) => {
      const backend = args.backend as tf.KernelBackend & DeviceLimits;
      const group = Math.max(2, backend.device.limits.maxStorageBuffersPerShaderStage - 1);
      let inputs = args.inputs as unknown as tf.TensorInfo[];
      if (inputs.length <= group) return original.kernelFunc(args);
      const owned = new Set<tf.TensorInfo>();
      while (inputs.length > group) {
        const partial: tf.TensorInfo[] = [];
        for (let i = 0; i < inputs.length; i += group) {
          const slice = inputs.slice(i, i + group);
          if (slice.length === 1) {
            partial.push(slice[0] as tf.TensorInfo);
            continue;
          }
          const sum = original.kernelFunc({ ...args, inputs: slice as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
          owned.add(sum);
          partial.push(sum);
        }
        for (const t of inputs) if (owned.has(t) && !partial.includes(t)) backend.disposeData(t.dataId);
        inputs = partial;
      }
      const out = original.kernelFunc({ ...args, inputs: inputs as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
      for (const t of inputs) if (owned.has(t)) backend.disposeData(t.dataId);
      return out;
    },
  };
}

/**
 * How many gradients a backward pass should collect before adding them, on
 * the active backend: on webgpu as many as one `AddN` shader binds (one
 * dispatch for the group, where adding each as it comes is a dispatch
 * apiece: a DARTS state feeds up to 28 ops, whose input gradients sum into
 * its gradient); 0 elsewhere (add as they come, as tfjs does).
 */
export function gradientGroupSize(): number {
  if (tf.getBackend() !== 'webgpu' || tf.getKernel(tf.AddN, 'webgpu') === undefined) return 0;
  return Math.max(0, (tf.backend() as unknown as DeviceLimits).device.limits.maxStorageBuffersPerShaderStage - 1);
}
