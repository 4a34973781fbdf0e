import * as tf from '@tensorflow/tfjs';
import { traceKernelCalls, type TracedCall } from '../export/index.js';

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function inputShape(call: TracedCall, name: string): readonly number[] {
  const input = call.inputs.find(([n]) => n === name);
  if (!input) throw new Error(`${call.kernelName} has no input '${name}'`);
  return input[2].shape;
}

/** Multiply-adds of one traced kernel call (convolutions and matrix products; 0 for the rest). */
function callMultAdds(call: TracedCall): number {
  const out = call.outputs[0]?.shape ?? [];
  switch (call.kernelName) {
    case tf.Conv2D: {
      const [kh, kw, cin] = inputShape(call, 'filter');
      return product(out) * kh! * kw! * cin!;
    }
    case tf.DepthwiseConv2dNative: {
      const [kh, kw] = inputShape(call, 'filter');
      return product(out) * kh! * kw!;
    }
    case tf.BatchMatMul: {
      const a = inputShape(call, 'a');
      const transposeA = Boolean(call.attrs['transposeA']);
      const inner = transposeA ? a[a.length - 2]! : a[a.length - 1]!;
      return product(out) * inner;
    }
    default:
      return 0;
  }
}

/**
 * Multiply-adds of one inference pass on a single image of `shape`
 * (`[height, width, channels]`), counted from a kernel trace: every
 * convolution and matrix product, as NASNet, DARTS and their successors
 * report a network's cost (element-wise ops, pooling and BatchNorm are left
 * out, as there). The count depends on shapes only, so the trace reads no
 * tensor values (`traceKernelCalls`): it works on WebGPU under Node, where
 * synchronous reads are impossible, with the same count as on wasm or cpu.
 */
export function multAdds(net: { forward(x: tf.Tensor4D, training: boolean): tf.Tensor }, shape: readonly [number, number, number]): number {
  const calls = traceKernelCalls([1, ...shape], (x) => net.forward(x as tf.Tensor4D, false));
  return calls.reduce((n, call) => n + callMultAdds(call), 0);
}
