import * as tf from '@tensorflow/tfjs';
import { AVG_POOL_GRAD_SIMD, type AvgPoolAttrs } from '../avg-pool-grad.js';
import { type WebGpuRunner, WORKGROUP } from './runner.js';

type Pair = number | [number, number];

/** A pooling's geometry as WGSL constants, and its key in the shader cache. */
function poolConstants(xShape: readonly number[], attrs: AvgPoolAttrs): { info: tf.backend_util.Conv2DInfo; decls: string; key: string } {
  const info = tf.backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    attrs.filterSize as Pair,
    attrs.strides as Pair,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const values = {
    inH: info.inHeight,
    inW: info.inWidth,
    channels: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    kh: info.filterHeight,
    kw: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
  const entries = Object.entries(values);
  return {
    info,
    decls: entries.map(([name, value]) => `const c_${name} = ${value};`).join('\n      '),
    key: entries.map(([, value]) => value).join('_'),
  };
}

/**
 * One thread per input element: the sum over the windows that hold it
 * (`oy = (y + padTop - i) / stride` whole and in range) of `term(o)`, which
 * reads the output gradient `dy` at the window's flat index `o`.
 */
class PoolGradProgram {
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(
    kind: 'avg' | 'max',
    readonly variableNames: readonly string[],
    private readonly decls: string,
    key: string,
    private readonly term: string,
    readonly outputShape: number[],
  ) {
    this.shaderKey = `tfjsNasPoolGrad_${kind}_${key}`;
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(tf.util.sizeFromShape(outputShape) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      ${this.decls}
      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = index % c_channels;
          let px = (index / c_channels) % c_inW;
          let py = (index / (c_channels * c_inW)) % c_inH;
          let n = index / (c_channels * c_inW * c_inH);
          var total = 0.0;
          for (var i = 0; i < c_kh; i = i + 1) {
            let sy = py + c_padTop - i;
            if (sy < 0 || sy % c_strideH != 0 || sy / c_strideH >= c_outH) { continue; }
            let oy = sy / c_strideH;
            for (var j = 0; j < c_kw; j = j + 1) {
              let sx = px + c_padLeft - j;
              if (sx < 0 || sx % c_strideW != 0 || sx / c_strideW >= c_outW) { continue; }
              let ox = sx / c_strideW;
              let o = ((n * c_outH + oy) * c_outW + ox) * c_channels + c;
              ${this.term}
            }
          }
          setOutputAtIndex(index, total);
        }
      }
    `;
  }
}

/**
 * Average pooling's input gradient on webgpu, padding excluded (as its
 * forward; see `avgPoolGrad`), in one dispatch: each window's `dy` divided
 * by the pixels it covers. `avgPoolGrad` runs it where it is registered
 * (`usesChannelKernel`), as the SIMD kernel on wasm; it composed a
 * multiply, a forward pooling and a multiply (stride 1), or a multiply and
 * tfjs's `AvgPoolGrad` (stride 2), before.
 */
export const webgpuAvgPoolGradConfig: tf.KernelConfig = {
  kernelName: AVG_POOL_GRAD_SIMD,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const dy = inputs['dy'] as tf.TensorInfo;
    const a = attrs as unknown as AvgPoolAttrs & { inputShape: [number, number, number, number] };
    const { info, decls, key } = poolConstants(a.inputShape, a);
    if (dy.dtype !== 'float32' || dy.shape.join() !== [info.batchSize, info.outHeight, info.outWidth, info.outChannels].join()) {
      throw new Error(`${AVG_POOL_GRAD_SIMD}: dy ${dy.dtype}[${dy.shape}] does not fit input [${a.inputShape}]`);
    }
    // The pixels window (oy, ox) covers: its rows inside the image times its columns.
    const term = `
              let rows = min(c_inH, oy * c_strideH - c_padTop + c_kh) - max(0, oy * c_strideH - c_padTop);
              let cols = min(c_inW, ox * c_strideW - c_padLeft + c_kw) - max(0, ox * c_strideW - c_padLeft);
              total = total + dy[o] / f32(rows * cols);`;
    const program = new PoolGradProgram('avg', ['dy'], decls, key, term, [...a.inputShape]);
    return (backend as unknown as WebGpuRunner).runWebGPUProgram(program, [dy], 'float32');
  },
};

/**
 * `MaxPoolGrad` on webgpu in one dispatch: an input element gets the `dy`
 * of each window whose maximum it is, the first in the window (row-major)
 * equal to the pooled output, as tfjs's cpu kernel picks. tfjs-webgpu's
 * kernel runs a pooling program for the argmax positions first: two
 * dispatches per max pool in every backward pass.
 */
export const webgpuMaxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, input, output } = inputs as Record<'dy' | 'input' | 'output', tf.TensorInfo>;
    const { info, decls, key } = poolConstants(input.shape, attrs as unknown as AvgPoolAttrs);
    const outShape = [info.batchSize, info.outHeight, info.outWidth, info.outChannels].join();
    if ([dy, input, output].some((t) => t.dtype !== 'float32') || dy.shape.join() !== outShape || output.shape.join() !== outShape) {
      throw new Error(`${tf.MaxPoolGrad}: dy [${dy.shape}] and output [${output.shape}] do not fit input [${input.shape}]`);
    }
    // Scan window (oy, ox) for its first element equal to its maximum; count dy if that is this thread's element.
    const term = `
              var first = -1;
              for (var a = 0; a < c_kh && first < 0; a = a + 1) {
                let wy = oy * c_strideH - c_padTop + a;
                if (wy < 0 || wy >= c_inH) { continue; }
                for (var b = 0; b < c_kw; b = b + 1) {
                  let wx = ox * c_strideW - c_padLeft + b;
                  if (wx < 0 || wx >= c_inW) { continue; }
                  let at = ((n * c_inH + wy) * c_inW + wx) * c_channels + c;
                  if (xs[at] == pooled[o]) { first = at; break; }
                }
              }
              if (first == index) { total = total + dy[o]; }`;
    const program = new PoolGradProgram('max', ['dy', 'xs', 'pooled'], decls, key, term, [...input.shape]);
    return (backend as unknown as WebGpuRunner).runWebGPUProgram(program, [dy, input, output], 'float32');
  },
};
