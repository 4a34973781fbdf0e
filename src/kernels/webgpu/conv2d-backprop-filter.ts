import * as tf from '@tensorflow/tfjs';
import { type BackpropAttrs, type ConvConstants, convConstants, wgslConstants } from './conv-geometry.js';
import { type WebGpuRunner, WORKGROUP } from './runner.js';
import { stockKernel } from './stock.js';

/** Threads per workgroup: each sums one (input, output) channel pair of a tap. */
const THREADS = 256;
/** Output pixels staged per step in workgroup memory. */
const ROWS = 16;
/** Output pixels per workgroup (a chunk of the batch's pixels); more chunks are summed by a second dispatch. */
const CHUNK = 2048;

/**
 * Input channels per tile: 16 x 16 (input, output) channels, or, where the
 * input has few channels (a stem on RGB or grey images), 4 x 64 or 8 x 32,
 * so that the threads are not left on channels that do not exist (3 of 16
 * columns for an RGB stem).
 */
export function filterGradTile(inC: number): { readonly ti: number; readonly to: number } {
  const ti = inC <= 4 ? 4 : inC <= 8 ? 8 : 16;
  return { ti, to: THREADS / ti };
}

/**
 * `dW[i, j, ci, co] = Σ_p X_ij[p, ci] · DY[p, co]` over the `N · Ho · Wo`
 * output pixels `p`, `X_ij` the input pixel tap `(i, j)` of `p` reads: per
 * tap a matrix product `X_ij^T · DY`, tiled. A workgroup of 256 threads
 * takes a `ti x to` block of (ci, co) of one tap (`filterGradTile`) and one
 * chunk of pixels; per step its threads load 16 pixels of `X_ij` and of `DY`
 * into workgroup memory (neighbouring threads neighbouring channels) and
 * each adds 16 products. With several chunks it writes partial sums
 * `[chunks, kh, kw, ci, co]`.
 */
class ConvFilterGradProgram {
  readonly variableNames = ['xs', 'dy'];
  readonly workgroupSize: [number, number, number] = [THREADS, 1, 1];
  readonly size = true;
  readonly shaderKey: string;
  readonly outputShape: number[];
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];
  private readonly decls: string;
  private readonly ti: number;
  private readonly to: number;

  constructor(
    private readonly g: ConvConstants,
    private readonly chunks: number,
  ) {
    const { decls, key } = wgslConstants(g);
    this.decls = decls;
    ({ ti: this.ti, to: this.to } = filterGradTile(g.inC));
    this.shaderKey = `tfjsNasConvFilterGrad_${this.ti}_${chunks}_${key}`;
    const filter = [g.kh, g.kw, g.inC, g.outC];
    this.outputShape = chunks === 1 ? filter : [chunks, ...filter];
    const tiles = g.kh * g.kw * Math.ceil(g.inC / this.ti) * Math.ceil(g.outC / this.to);
    this.dispatch = [tiles * chunks, 1, 1];
  }

  getUserCode(): string {
    const { ti, to } = this;
    const steps = Math.ceil(Math.min(CHUNK, this.g.batch * this.g.outH * this.g.outW) / ROWS);
    return `
      ${this.decls}
      const c_pixels = c_batch * c_outH * c_outW;
      const c_ciTiles = ${Math.ceil(this.g.inC / ti)};
      const c_coTiles = ${Math.ceil(this.g.outC / to)};
      const c_chunks = ${this.chunks};
      var<workgroup> xTile : array<f32, ${ROWS * ti}>;
      var<workgroup> dyTile : array<f32, ${ROWS * to}>;
      fn main(index : i32) {
        let lid = i32(localId.x);
        let wg = index / ${THREADS};
        let chunk = wg % c_chunks;
        let coT = (wg / c_chunks) % c_coTiles;
        let ciT = (wg / (c_chunks * c_coTiles)) % c_ciTiles;
        let tap = wg / (c_chunks * c_coTiles * c_ciTiles);
        let tapI = tap / c_kw;
        let tapJ = tap % c_kw;
        // The weight this thread sums.
        let ci = ciT * ${ti} + lid / ${to};
        let co = coT * ${to} + lid % ${to};
        var acc = 0.0;
        for (var step = 0; step < ${steps}; step = step + 1) {
          // Stage ${ROWS} pixels: x's ${ROWS} x ${ti} and dy's ${ROWS} x ${to} elements, strided over the threads.
          for (var e = lid; e < ${ROWS * ti}; e = e + ${THREADS}) {
            let p = chunk * ${CHUNK} + step * ${ROWS} + e / ${ti};
            let c = ciT * ${ti} + e % ${ti};
            var xv = 0.0;
            if (p < c_pixels && p < (chunk + 1) * ${CHUNK} && c < c_inC) {
              let ox = p % c_outW;
              let oy = (p / c_outW) % c_outH;
              let n = p / (c_outW * c_outH);
              let row = oy * c_strideH - c_padTop + tapI * c_dilationH;
              let col = ox * c_strideW - c_padLeft + tapJ * c_dilationW;
              if (row >= 0 && row < c_inH && col >= 0 && col < c_inW) {
                xv = xs[((n * c_inH + row) * c_inW + col) * c_inC + c];
              }
            }
            xTile[e] = xv;
          }
          for (var e = lid; e < ${ROWS * to}; e = e + ${THREADS}) {
            let p = chunk * ${CHUNK} + step * ${ROWS} + e / ${to};
            let c = coT * ${to} + e % ${to};
            var dv = 0.0;
            if (p < c_pixels && p < (chunk + 1) * ${CHUNK} && c < c_outC) {
              dv = dy[p * c_outC + c];
            }
            dyTile[e] = dv;
          }
          workgroupBarrier();
          for (var t = 0; t < ${ROWS}; t = t + 1) {
            acc = acc + xTile[t * ${ti} + lid / ${to}] * dyTile[t * ${to} + lid % ${to}];
          }
          workgroupBarrier();
        }
        let at = ((chunk * c_kh * c_kw + tap) * c_inC + ci) * c_outC + co;
        if (ci < c_inC && co < c_outC && at < uniforms.size) {
          setOutputAtIndex(at, acc);
        }
      }
    `;
  }
}

/** The filter gradient's chunks summed: one thread per weight. */
class ChunkSumProgram {
  readonly variableNames = ['partial'];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];

  constructor(
    private readonly chunks: number,
    readonly outputShape: number[],
  ) {
    this.shaderKey = `tfjsNasChunkSum_${chunks}`;
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(tf.util.sizeFromShape(outputShape) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          var total = 0.0;
          for (var k = 0; k < ${this.chunks}; k = k + 1) {
            total = total + partial[k * uniforms.size + index];
          }
          setOutputAtIndex(index, total);
        }
      }
    `;
  }
}

/**
 * `Conv2DBackpropFilter` on webgpu (NHWC, dilation included), tiled. tfjs-
 * webgpu's kernel runs one thread per filter weight, each looping over the
 * whole batch: 256 threads for a DARTS 1x1 conv on 16 channels, each over
 * 65,536 pixels at batch 64 on 32x32. Here a chunk of 2,048 pixels per
 * workgroup (one dispatch up to 2,048 pixels; a second sums the chunks).
 */
export const webgpuConv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as Record<'x' | 'dy', tf.TensorInfo>;
    const a = attrs as unknown as BackpropAttrs & { filterShape: [number, number, number, number] };
    // NCHW (undilated) stays tfjs-webgpu's: the tiles read NHWC.
    const stock = stockKernel(tf.Conv2DBackpropFilter);
    if (a.dataFormat === 'NCHW' && stock !== undefined && [a.dilations ?? 1].flat().every((d) => d === 1)) {
      return stock.kernelFunc({ inputs, backend, attrs });
    }
    const g = convConstants(x.shape, a.filterShape, a, false);
    if (dy.shape.join() !== [g.batch, g.outH, g.outW, g.outC].join() || dy.dtype !== 'float32' || x.dtype !== 'float32') {
      throw new Error(`${tf.Conv2DBackpropFilter}: dy [${dy.shape}] does not fit x [${x.shape}] and filter [${a.filterShape}]`);
    }
    const runner = backend as unknown as WebGpuRunner;
    const chunks = Math.ceil((g.batch * g.outH * g.outW) / CHUNK);
    const grad = runner.runWebGPUProgram(new ConvFilterGradProgram(g, chunks), [x, dy], 'float32');
    if (chunks === 1) return grad;
    const sum = runner.runWebGPUProgram(new ChunkSumProgram(chunks, [...a.filterShape]), [grad], 'float32');
    runner.disposeData(grad.dataId);
    return sum;
  },
};
