/**
 * Benchmark (not a test) of the toolkit's wasm heap kernels against the paths
 * they replace, on the shapes of a DARTS retraining step (C=16, batch 96,
 * 28x28), a DARTS search step (batch 32, C=8) and NAS-Bench-201 cells
 * (batch 64): each pair alternates in one process; median and fastest ms (the
 * fastest is the steadier figure while other work loads the machine). Run with
 * `npx tsx bench/heap-kernels.ts [reps]`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../src/backend/index.js';
import { MAX_POOL_GRAD_FROM_ARGMAX, MAX_POOL_GRAD_SIMD } from '../src/kernels/max-pool-grad.js';
import { AVG_POOL_GRAD_SIMD, avgPoolGrad as composedAvgPoolGrad } from '../src/kernels/avg-pool-grad.js';
import { RELU_GRAD } from '../src/kernels/relu-grad.js';
import {
  channelAffine,
  channelMoments,
  channelSums,
  conv2dBackpropFilter,
  depthwiseConv2dBackpropFilter,
  depthwiseConv2dBackpropInput,
  type Shape4D,
} from '../src/kernels/index.js';

const reps = Number(process.argv[2] ?? 9);

interface Pair {
  readonly name: string;
  readonly before: () => void;
  readonly after: () => void;
}

/** Median ms of `before` and `after`, run alternately, then the fastest of each. */
function race(pair: Pair): [number, number, number, number] {
  const times: [number[], number[]] = [[], []];
  pair.before();
  pair.after();
  for (let r = 0; r < reps; r++) {
    [pair.before, pair.after].forEach((fn, i) => {
      const start = performance.now();
      fn();
      times[i]!.push(performance.now() - start);
    });
  }
  const median = (t: number[]) => [...t].sort((a, b) => a - b)[t.length >> 1]!;
  return [median(times[0]), median(times[1]), Math.min(...times[0]), Math.min(...times[1])];
}

await tf.setBackend('wasm');
const stockSplitV = tf.getKernel(tf.SplitV, 'wasm')!.kernelFunc;
const stockConcat = tf.getKernel(tf.Concat, 'wasm')!.kernelFunc;
const stockDepthwise = tf.getKernel(tf.DepthwiseConv2dNative, 'wasm')!.kernelFunc;
await initBackend('wasm', { threads: 1 });
const toolkitSplitV = tf.getKernel(tf.SplitV, 'wasm')!.kernelFunc;
const toolkitConcat = tf.getKernel(tf.Concat, 'wasm')!.kernelFunc;
const toolkitDepthwise = tf.getKernel(tf.DepthwiseConv2dNative, 'wasm')!.kernelFunc;

const run = (fn: () => tf.Tensor | tf.Tensor[] | Record<string, tf.Tensor>) => () =>
  tf.tidy(() => {
    const out = fn();
    for (const t of out instanceof tf.Tensor ? [out] : Object.values(out)) t.dataSync();
  });

function depthwiseFilter(shape: Shape4D, k: number, dilation: number): Pair {
  const x = tf.randomNormal(shape) as tf.Tensor4D;
  const dy = tf.randomNormal(shape) as tf.Tensor4D;
  const filterShape: Shape4D = [k, k, shape[3], 1];
  const attrs = { strides: 1, pad: 'same' as const, dilations: dilation };
  return {
    name: `depthwise filter grad ${k}x${k} d${dilation} [${shape}]`,
    before: run(() => depthwiseConv2dBackpropFilter(x, dy, filterShape, attrs)),
    after: run(
      () =>
        tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy }, {
          ...attrs,
          filterShape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    ),
  };
}

function depthwiseForward(shape: Shape4D, k: number, dilation: number): Pair {
  const x = tf.randomNormal(shape) as tf.Tensor4D;
  const filter = tf.randomNormal([k, k, shape[3], 1]) as tf.Tensor4D;
  const attrs = { strides: [1, 1], pad: 'same', dilations: [dilation, dilation], dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap;
  const conv = (kernel: tf.KernelFunc) => () => {
    const out = kernel({ inputs: { x, filter }, backend: tf.backend(), attrs }) as tf.TensorInfo;
    tf.backend().disposeData(out.dataId);
  };
  return { name: `depthwise conv ${k}x${k} d${dilation} [${shape}]`, before: conv(stockDepthwise), after: conv(toolkitDepthwise) };
}

function depthwiseInput(shape: Shape4D, k: number, dilation: number): Pair {
  const filter = tf.randomNormal([k, k, shape[3], 1]) as tf.Tensor4D;
  const attrs = { strides: 2, pad: 'same' as const, dilations: dilation };
  const dy = tf.randomNormal([shape[0], Math.ceil(shape[1] / 2), Math.ceil(shape[2] / 2), shape[3]]) as tf.Tensor4D;
  return {
    name: `depthwise input grad ${k}x${k} d${dilation} s2 [${shape}]`,
    before: run(() => depthwiseConv2dBackpropInput(shape, dy, filter, attrs)),
    after: run(
      () =>
        tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter }, {
          ...attrs,
          inputShape: shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    ),
  };
}

function convFilter(shape: Shape4D, cout: number, k: number, stride: number): Pair {
  const x = tf.randomNormal(shape) as tf.Tensor4D;
  const out = Math.ceil(shape[1] / stride);
  const dy = tf.randomNormal([shape[0], out, out, cout]) as tf.Tensor4D;
  const filterShape: Shape4D = [k, k, shape[3], cout];
  const attrs = { strides: stride, pad: k === 1 || k === stride ? ('valid' as const) : ('same' as const), dilations: 1 };
  return {
    name: `conv filter grad ${k}x${k} s${stride} [${shape}] -> ${cout}`,
    before: run(() => conv2dBackpropFilter(x, dy, filterShape, attrs)),
    after: run(
      () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...attrs, filterShape } as unknown as tf.NamedAttrMap) as tf.Tensor,
    ),
  };
}

function splitV(shape: number[], parts: number): Pair {
  const x = tf.randomNormal(shape);
  const attrs = { numOrSizeSplits: parts, axis: shape.length - 1 };
  const split = (kernel: tf.KernelFunc) => () => {
    const outs = kernel({ inputs: { x }, backend: tf.backend(), attrs }) as tf.TensorInfo[];
    for (const out of outs) tf.backend().disposeData(out.dataId);
  };
  return { name: `SplitV [${shape}] -> ${parts}`, before: split(stockSplitV), after: split(toolkitSplitV) };
}

function concat(shape: number[], parts: number): Pair {
  const xs = Array.from({ length: parts }, () => tf.randomNormal(shape));
  const join = (kernel: tf.KernelFunc) => () => {
    const out = kernel({
      inputs: xs as unknown as tf.NamedTensorInfoMap,
      backend: tf.backend(),
      attrs: { axis: shape.length - 1 },
    }) as tf.TensorInfo;
    tf.backend().disposeData(out.dataId);
  };
  return { name: `Concat ${parts} x [${shape}]`, before: join(stockConcat), after: join(toolkitConcat) };
}

function maxPoolGrad(shape: Shape4D, stride: number): Pair {
  const x = tf.randomNormal(shape) as tf.Tensor4D;
  const y = tf.maxPool(x, 3, stride, 'same');
  const dy = tf.randomNormal(y.shape);
  const attrs = { filterSize: 3, strides: stride, pad: 'same' } as unknown as tf.NamedAttrMap;
  return {
    name: `max pool 3x3 s${stride} gradient [${shape}]`,
    before: run(() => {
      const { result, indexes } = tf.maxPoolWithArgmax(x, 3, stride, 'same');
      return tf.engine().runKernel(MAX_POOL_GRAD_FROM_ARGMAX, { x, dy, pooled: result!, indexes: indexes! }, attrs) as tf.Tensor;
    }),
    after: run(() => tf.engine().runKernel(MAX_POOL_GRAD_SIMD, { x, y, dy }, attrs) as tf.Tensor),
  };
}

function avgPoolGrad(shape: Shape4D, stride: number): Pair {
  const x = tf.randomNormal(shape) as tf.Tensor4D;
  const dy = tf.randomNormal(tf.avgPool(x, 3, stride, 'same').shape) as tf.Tensor4D;
  const attrs = { filterSize: 3, strides: stride, pad: 'same' } as const;
  return {
    name: `avg pool 3x3 s${stride} gradient [${shape}]`,
    before: run(() => composedAvgPoolGrad(x, dy, attrs)),
    after: run(
      () => tf.engine().runKernel(AVG_POOL_GRAD_SIMD, { dy }, { ...attrs, inputShape: shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
    ),
  };
}

function reluGrad(shape: number[]): Pair {
  const [x, dy] = [tf.randomNormal(shape), tf.randomNormal(shape)];
  return {
    name: `ReLU gradient [${shape}]`,
    before: run(() => tf.mul(dy, tf.cast(tf.step(x), 'float32'))),
    after: run(() => tf.engine().runKernel(RELU_GRAD, { dy, x }, {}) as tf.Tensor),
  };
}

function batchNormReductions(shape: number[]): Pair[] {
  const x = tf.randomNormal(shape);
  const y = tf.randomNormal(shape);
  const axes = shape.slice(0, -1).map((_, i) => i);
  const [a, b, c] = [0, 1, 2].map(() => tf.randomNormal([shape[shape.length - 1]!]) as tf.Tensor1D) as [
    tf.Tensor1D,
    tf.Tensor1D,
    tf.Tensor1D,
  ];
  return [
    { name: `BN moments [${shape}]`, before: run(() => tf.moments(x, axes)), after: run(() => channelMoments(x)) },
    {
      name: `BN input gradient as an affine map [${shape}]`,
      before: run(() => tf.add(tf.add(tf.mul(x, a), tf.mul(y, b)), c)),
      after: run(() => channelAffine(x, a, c, y, b)),
    },
    {
      name: `BN backward sums [${shape}]`,
      before: run(() => [tf.sum(x, axes), tf.sum(tf.mul(x, y), axes)]),
      after: run(() => {
        const { sum, dot } = channelSums(x, y);
        return [sum, dot];
      }),
    },
  ];
}

const pairs: Pair[] = [
  depthwiseFilter([96, 28, 28, 16], 5, 2),
  depthwiseFilter([96, 28, 28, 16], 3, 2),
  depthwiseFilter([96, 14, 14, 32], 5, 2),
  depthwiseFilter([96, 7, 7, 64], 3, 2),
  depthwiseForward([96, 28, 28, 16], 5, 2),
  depthwiseForward([96, 28, 28, 16], 5, 1),
  depthwiseForward([96, 28, 28, 16], 3, 2),
  depthwiseForward([96, 14, 14, 32], 5, 1),
  depthwiseForward([32, 28, 28, 8], 5, 2),
  depthwiseForward([32, 7, 7, 32], 3, 2),
  depthwiseInput([96, 28, 28, 16], 5, 2),
  depthwiseInput([96, 28, 28, 16], 3, 1),
  depthwiseInput([32, 28, 28, 8], 5, 1),
  depthwiseInput([32, 14, 14, 16], 3, 2),
  convFilter([96, 28, 28, 16], 16, 1, 1),
  convFilter([96, 28, 28, 64], 32, 1, 1),
  convFilter([96, 14, 14, 32], 32, 1, 1),
  convFilter([96, 14, 14, 128], 64, 1, 1),
  convFilter([96, 7, 7, 64], 64, 1, 1),
  convFilter([96, 28, 28, 64], 32, 2, 2), // a FactorizedReduce
  convFilter([96, 28, 28, 1], 48, 3, 1), // the stem
  convFilter([64, 32, 32, 16], 16, 3, 1), // NAS-Bench-201's nor_conv_3x3, C=16
  convFilter([64, 8, 8, 64], 64, 3, 1),
  splitV([96, 28, 28, 64], 4),
  splitV([96, 14, 14, 128], 4),
  splitV([96, 7, 7, 256], 4),
  maxPoolGrad([96, 28, 28, 16], 1),
  maxPoolGrad([96, 28, 28, 16], 2),
  maxPoolGrad([96, 14, 14, 32], 1),
  avgPoolGrad([32, 28, 28, 16], 2),
  avgPoolGrad([32, 28, 28, 8], 1),
  avgPoolGrad([32, 14, 14, 16], 1),
  avgPoolGrad([96, 28, 28, 16], 1),
  concat([96, 28, 28, 16], 4),
  concat([96, 14, 14, 32], 4),
  concat([96, 7, 7, 64], 4),
  reluGrad([96, 28, 28, 16]),
  reluGrad([32, 14, 14, 16]),
  ...batchNormReductions([96, 28, 28, 16]),
  ...batchNormReductions([96, 14, 14, 32]),
];
console.log(`ms over ${reps} alternating runs, wasm, 1 thread`);
console.log(
  '| kernel | before (median) | after (median) | speed-up | before (fastest) | after (fastest) | speed-up |\n|---|---:|---:|---:|---:|---:|---:|',
);
for (const pair of pairs) {
  const [before, after, fastBefore, fastAfter] = race(pair);
  const cells = [before, after, before / after, fastBefore, fastAfter, fastBefore / fastAfter].map((v, i) =>
    i % 3 === 2 ? `${v.toFixed(1)}x` : v.toFixed(1),
  );
  console.log(`| ${pair.name} | ${cells.join(' | ')} |`);
}
