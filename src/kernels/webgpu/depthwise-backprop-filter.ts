import * as tf from '@tensorflow/tfjs';
import { type BackpropAttrs, type ConvConstants, convConstants, wgslConstants } from './conv-geometry.js';
import type { WebGpuRunner } from './runner.js';

/**
 * `dW[i, j, c, m] = Σ_{n, oy, ox} x[n, oy·sh - padTop + i·dh, ox·sw - padLeft + j·dw, c] · dy[n, oy, ox, c·M + m]`:
 * a workgroup per filter weight, its threads splitting the `N · Ho · Wo`
 * output pixels (strided, so neighbouring threads read neighbouring pixels),
 * then a tree in workgroup memory.
 */
class DepthwiseFilterGradProgram {
  readonly variableNames = ['xs', 'dy'];
  readonly workgroupSize: [number, number, number];
  readonly size = true;
  readonly shaderKey: string;
  readonly outputShape: number[];
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];
  private readonly decls: string;

  constructor(private readonly g: ConvConstants) {
    const { decls, key } = wgslConstants(g);
    this.decls = decls;
    this.workgroupSize = [g.batch * g.outH * g.outW >= 4096 ? 256 : 64, 1, 1];
    this.shaderKey = `tfjsNasDepthwiseFilterGrad_${this.workgroupSize[0]}_${key}`;
    this.outputShape = [g.kh, g.kw, g.inC, g.outC / g.inC];
    this.dispatch = [tf.util.sizeFromShape(this.outputShape), 1, 1];
  }

  getUserCode(): string {
    const w = this.workgroupSize[0];
    return `
      ${this.decls}
      const c_mult = ${this.g.outC / this.g.inC};
      var<workgroup> partial : array<f32, ${w}>;
      fn main(index : i32) {
        let e = index / ${w};
        let m = e % c_mult;
        let c = (e / c_mult) % c_inC;
        let j = (e / (c_mult * c_inC)) % c_kw;
        let i = e / (c_mult * c_inC * c_kw);
        var total = 0.0;
        for (var p = i32(localId.x); p < c_batch * c_outH * c_outW; p = p + ${w}) {
          let ox = p % c_outW;
          let oy = (p / c_outW) % c_outH;
          let n = p / (c_outW * c_outH);
          let row = oy * c_strideH - c_padTop + i * c_dilationH;
          let col = ox * c_strideW - c_padLeft + j * c_dilationW;
          if (row >= 0 && row < c_inH && col >= 0 && col < c_inW) {
            total = total + xs[((n * c_inH + row) * c_inW + col) * c_inC + c] * dy[p * c_outC + c * c_mult + m];
          }
        }
        partial[localId.x] = total;
        workgroupBarrier();
        for (var half = ${w / 2}u; half > 0u; half = half / 2u) {
          if (localId.x < half) {
            partial[localId.x] = partial[localId.x] + partial[localId.x + half];
          }
          workgroupBarrier();
        }
        if (localId.x == 0u && e < uniforms.size) {
          setOutputAtIndex(e, partial[0]);
        }
      }
    `;
  }
}

/**
 * `DepthwiseConv2dNativeBackpropFilter` on webgpu, dilation included, in one
 * dispatch. tfjs-webgpu's kernel runs one thread per filter weight, each
 * looping over the whole batch (144 threads for a 3x3 filter on 16
 * channels: a GPU mostly idle) and takes no dilation, so the toolkit's
 * dilated gradient composed it of a window read, two transposes, a forward
 * depthwise conv and a sum (itself a transpose and a reduction).
 */
export const webgpuDepthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as Record<'x' | 'dy', tf.TensorInfo>;
    const a = attrs as unknown as BackpropAttrs & { filterShape: [number, number, number, number] };
    const g = convConstants(x.shape, a.filterShape, a, true);
    if (dy.shape.join() !== [g.batch, g.outH, g.outW, g.outC].join() || dy.dtype !== 'float32' || x.dtype !== 'float32') {
      throw new Error(
        `${tf.DepthwiseConv2dNativeBackpropFilter}: dy [${dy.shape}] does not fit x [${x.shape}] and filter [${a.filterShape}]`,
      );
    }
    return (backend as unknown as WebGpuRunner).runWebGPUProgram(new DepthwiseFilterGradProgram(g), [x, dy], 'float32');
  },
};
