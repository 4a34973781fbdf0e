import * as tf from '@tensorflow/tfjs';

type Paddings = readonly (readonly [number, number])[];

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/**
 * `PadV2` on webgpu for any rank. tfjs-webgpu's pad shader indexes its
 * coordinates as a WGSL vector, which exists up to 4 components: a rank-5 or
 * rank-6 pad fails to compile ("cannot index type 'vec6'") and the output is
 * never written. The toolkit's strided-conv gradients zero-insert with a
 * rank-6 pad ([n, h, 1, w, 1, c], see `dilateAndPad`), which a DARTS
 * reduction cell's dilated conv needs. Above rank 4 this pads one axis at a
 * time as a rank-3 pad `[outer, axis, inner]` (reshapes share buffers);
 * rank 4 and below keep tfjs's kernel.
 */
export function highRankPadConfig(original: tf.KernelConfig): tf.KernelConfig {
  const reshape = tf.getKernel(tf.Reshape, original.backendName);
  if (reshape === undefined) throw new Error(`highRankPadConfig: no Reshape kernel on ${original.backendName}`);
  return {
    kernelName: tf.PadV2,
    backendName: original.backendName,
    kernelFunc: (args) => {
      const x = args.inputs['x'] as tf.TensorInfo;
      const paddings = args.attrs?.['paddings'] as unknown as Paddings;
      const padded = paddings.map(([before, after], axis) => ({ axis, before, after })).filter((p) => p.before !== 0 || p.after !== 0);
      if (x.shape.length <= 4 || padded.length === 0) return original.kernelFunc(args);
      const backend = args.backend as tf.KernelBackend;
      const run = (config: tf.KernelConfig, input: tf.TensorInfo, attrs: object): tf.TensorInfo =>
        config.kernelFunc({ inputs: { x: input }, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
      const shape = [...x.shape];
      let current = x;
      for (const { axis, before, after } of padded) {
        const flat = run(reshape, current, { shape: [product(shape.slice(0, axis)), shape[axis] ?? 1, product(shape.slice(axis + 1))] });
        const out = run(original, flat, {
          paddings: [
            [0, 0],
            [before, after],
            [0, 0],
          ],
          constantValue: args.attrs?.['constantValue'] ?? 0,
        });
        backend.disposeData(flat.dataId);
        if (current !== x) backend.disposeData(current.dataId);
        shape[axis] = (shape[axis] ?? 1) + before + after;
        current = run(reshape, out, { shape });
        backend.disposeData(out.dataId);
      }
      return current;
    },
  };
}
