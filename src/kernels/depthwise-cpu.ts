import * as tf from '@tensorflow/tfjs';

interface CpuData {
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo;
  disposeData(dataId: object): boolean;
}

/** `[kh, kw, c, m]` filter values with `d - 1` zero taps between taps: undilated, it convolves as `w` at dilation `d`. */
function dilatedValues(w: Float32Array, [kh, kw, c, m]: number[], [dh, dw]: [number, number]): { values: Float32Array; shape: number[] } {
  const [h, wd] = [(kh! - 1) * dh + 1, (kw! - 1) * dw + 1];
  const inner = c! * m!;
  const values = new Float32Array(h * wd * inner);
  for (let i = 0; i < kh!; i++) {
    for (let j = 0; j < kw!; j++) values.set(w.subarray((i * kw! + j) * inner, (i * kw! + j + 1) * inner), (i * dh * wd + j * dw) * inner);
  }
  return { values, shape: [h, wd, c!, m!] };
}

/**
 * `DepthwiseConv2dNative` on cpu for strides and dilations both above 1
 * (DARTS's dilated convs in reduction cells), which tfjs's cpu kernel
 * refuses: the filter dilated with zero taps, then the stock kernel at
 * dilation 1 (the same sums, the zeros adding nothing). Every other case is
 * the stock kernel. Lets a DARTS supernet train on the cpu backend, the
 * reference the toolkit's kernels are checked against.
 */
export function cpuDepthwiseConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.DepthwiseConv2dNative,
    backendName: 'cpu',
    kernelFunc: (args) => {
      const { strides, dilations } = args.attrs as unknown as { strides: number | [number, number]; dilations?: number | [number, number] };
      const s = [strides].flat();
      const d = [dilations ?? 1].flat();
      const [dh, dw] = d.length === 1 ? [d[0]!, d[0]!] : [d[0]!, d[1]!];
      const filter = args.inputs['filter'] as tf.TensorInfo;
      if (s.every((v) => v === 1) || (dh === 1 && dw === 1) || filter.dtype !== 'float32') return stock.kernelFunc(args);
      const backend = args.backend as unknown as CpuData;
      const { values, shape } = dilatedValues(backend.readSync(filter.dataId) as Float32Array, filter.shape, [dh, dw]);
      const dilated = backend.makeTensorInfo(shape, 'float32', values);
      try {
        return stock.kernelFunc({ ...args, inputs: { ...args.inputs, filter: dilated }, attrs: { ...args.attrs, dilations: 1 } });
      } finally {
        backend.disposeData(dilated.dataId);
      }
    },
  };
}
