import * as tf from '@tensorflow/tfjs';
import { type BackpropAttrs, type ConvConstants, convConstants, wgslConstants } from './conv-geometry.js';
import { type WebGpuRunner, WORKGROUP } from './runner.js';

/**
 * `dx[n, y, x, c] = Σ_{i, j, m} dy[n, oy, ox, c·M + m] · w[i, j, c, m]` over
 * the taps whose output pixel `oy = (y + padTop - i·dh) / sh` (and `ox`
 * alike) is whole and inside the output: one thread per input element, the
 * geometry baked in as constants.
 */
class DepthwiseInputGradProgram {
  readonly variableNames = ['dy', 'w'];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly shaderKey: string;
  readonly outputShape: number[];
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  private readonly decls: string;

  constructor(private readonly g: ConvConstants) {
    const { decls, key } = wgslConstants(g);
    this.decls = decls;
    this.shaderKey = `tfjsNasDepthwiseInputGrad_${key}`;
    this.outputShape = [g.batch, g.inH, g.inW, g.inC];
    this.dispatchLayout = { x: [0, 1, 2, 3] };
    this.dispatch = [Math.ceil(tf.util.sizeFromShape(this.outputShape) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    const multiplier = this.g.outC / this.g.inC;
    return `
      ${this.decls}
      const c_mult = ${multiplier};
      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = index % c_inC;
          let x = (index / c_inC) % c_inW;
          let y = (index / (c_inC * c_inW)) % c_inH;
          let n = index / (c_inC * c_inW * c_inH);
          var total = 0.0;
          for (var i = 0; i < c_kh; i = i + 1) {
            let sy = y + c_padTop - i * c_dilationH;
            if (sy < 0 || sy % c_strideH != 0 || sy / c_strideH >= c_outH) { continue; }
            let oy = sy / c_strideH;
            for (var j = 0; j < c_kw; j = j + 1) {
              let sx = x + c_padLeft - j * c_dilationW;
              if (sx < 0 || sx % c_strideW != 0 || sx / c_strideW >= c_outW) { continue; }
              let ox = sx / c_strideW;
              let dyAt = ((n * c_outH + oy) * c_outW + ox) * c_outC + c * c_mult;
              let wAt = (i * c_kw + j) * c_outC + c * c_mult;
              for (var m = 0; m < c_mult; m = m + 1) {
                total = total + dy[dyAt + m] * w[wAt + m];
              }
            }
          }
          setOutputAtIndex(index, total);
        }
      }
    `;
  }
}

/**
 * `DepthwiseConv2dNativeBackpropInput` on webgpu, dilation included, in one
 * dispatch. tfjs-webgpu's kernel takes no dilation, so the toolkit's
 * dilated gradient (src/kernels/depthwise-backprop-input.ts) composed it as
 * a flip, a zero-inserting pad (rank 6 for a strided conv, padded one axis at
 * a time), a forward depthwise conv and for a multiplier a sum: 3-8
 * dispatches for each `dil_conv` of a DARTS cell.
 */
export const webgpuDepthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as Record<'dy' | 'filter', tf.TensorInfo>;
    const a = attrs as unknown as BackpropAttrs & { inputShape: [number, number, number, number] };
    const g = convConstants(a.inputShape, filter.shape, a, true);
    if (dy.shape.join() !== [g.batch, g.outH, g.outW, g.outC].join() || dy.dtype !== 'float32' || filter.dtype !== 'float32') {
      throw new Error(
        `${tf.DepthwiseConv2dNativeBackpropInput}: dy [${dy.shape}] does not fit input [${a.inputShape}] and filter [${filter.shape}]`,
      );
    }
    return (backend as unknown as WebGpuRunner).runWebGPUProgram(new DepthwiseInputGradProgram(g), [dy, filter], 'float32');
  },
};
