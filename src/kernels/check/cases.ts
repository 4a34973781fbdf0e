import * as tf from '@tensorflow/tfjs';
import type { GradCase } from './api.js';
import { dilateFilter } from './dilate-filter.js';
import { batchNormTrain } from '../../ops/batch-norm-train.js';
import { mixedOpCases } from './mixed-op-cases.js';

type Pad = 'same' | 'valid';

/** The geometry grid the issue asks for: odd and even sizes, stride 1/2, 'same'/'valid', kernel 1/3/5, dilation 1/2. */
interface ConvGrid {
  readonly sizes: readonly number[];
  readonly kernels: readonly number[];
  readonly strideDilation: readonly (readonly [number, number])[];
  readonly pads: readonly Pad[];
}

/**
 * Stride 2 with dilation 2: DARTS's depthwise `dil_conv` in reduction cells
 * (PyTorch allows it; tfjs's cpu kernel refuses it, XNNPACK runs it), so only
 * backends other than cpu run these cases; the reference folds the dilation
 * into the filter. (tfjs's `conv2d` op refuses it on every backend.)
 */
const STRIDED_DILATED = [[2, 2]] as const;

export const FULL_GRID: ConvGrid = {
  sizes: [7, 8],
  kernels: [1, 3, 5],
  strideDilation: [
    [1, 1],
    [2, 1],
    [1, 2],
  ],
  pads: ['same', 'valid'],
};

export const QUICK_GRID: ConvGrid = {
  sizes: [7],
  kernels: [3, 5],
  strideDilation: [
    [1, 1],
    [2, 1],
    [1, 2],
  ],
  pads: ['same'],
};

function* geometries(grid: ConvGrid, withStridedDilated = false) {
  for (const size of grid.sizes)
    for (const k of grid.kernels)
      for (const [stride, dilation] of [...grid.strideDilation, ...(withStridedDilated && k > 1 ? STRIDED_DILATED : [])])
        for (const pad of grid.pads) {
          // A 'valid' window wider than the input has no output: not a case.
          if (pad === 'valid' && (k - 1) * dilation + 1 > size) continue;
          yield { size, k, stride, dilation, pad, label: `${size}x${size} k${k} s${stride} d${dilation} ${pad}` };
        }
}

function convCases(grid: ConvGrid): GradCase[] {
  return [...geometries(grid)].map(({ size, k, stride, dilation, pad, label }) => ({
    op: 'conv2d',
    label,
    inputs: [
      { name: 'x', shape: [2, size, size, 3], kernel: dilation === 1 ? 'Conv2DBackpropInput' : 'Conv2D dilated input grad' },
      { name: 'filter', shape: [k, k, 3, 4], kernel: dilation === 1 ? 'Conv2DBackpropFilter' : 'Conv2D dilated filter grad' },
    ],
    fn: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad, 'NHWC', dilation),
    reference: (x, w) => tf.conv2d(x as tf.Tensor4D, dilateFilter(w as tf.Tensor4D, dilation), stride, pad),
  }));
}

function depthwiseCases(grid: ConvGrid): GradCase[] {
  return [...geometries(grid, true)].map(({ size, k, stride, dilation, pad, label }) => {
    const multiplier = k === 3 ? 2 : 1;
    return {
      op: 'depthwiseConv2d',
      label: `${label} m${multiplier}`,
      inputs: [
        {
          name: 'x',
          shape: [2, size, size, 3],
          kernel: dilation === 1 ? 'DepthwiseConv2dNativeBackpropInput' : 'DepthwiseConv2d dilated input grad',
        },
        {
          name: 'filter',
          shape: [k, k, 3, multiplier],
          kernel: dilation === 1 ? 'DepthwiseConv2dNativeBackpropFilter' : 'DepthwiseConv2d dilated filter grad',
        },
      ],
      fn: (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad, 'NHWC', dilation),
      reference: (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, dilateFilter(w as tf.Tensor4D, dilation), stride, pad),
      ...(stride > 1 && dilation > 1 ? { backends: ['wasm', 'tensorflow', 'webgpu'] } : {}),
    };
  });
}

/** Reference for a strided slice: the same elements picked by `gather` on the flattened input. */
function gatherEquivalent(x: tf.Tensor, slice: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  const positions = slice(tf.range(0, x.size, 1, 'int32').reshape(x.shape));
  return tf.gather(x.flatten(), positions.flatten()).reshape(positions.shape);
}

interface SliceSpec {
  readonly label: string;
  readonly shape: readonly number[];
  readonly begin: number[];
  readonly end: number[];
  readonly strides: number[];
  readonly masks?: readonly [number, number, number, number, number];
}

const SLICES: readonly SliceSpec[] = [
  { label: 'subsample 2 of 7x8', shape: [2, 7, 8, 3], begin: [0, 0, 0, 0], end: [2, 7, 8, 3], strides: [1, 2, 2, 1] },
  { label: 'offset stride 3', shape: [5, 9], begin: [1, 2], end: [5, 9], strides: [2, 3] },
  { label: 'negative stride', shape: [6, 4], begin: [5, 0], end: [0, 4], strides: [-2, 1] },
  // tfjs 4.22's forward stridedSlice itself is wrong when a shrink axis meets a
  // non-unit stride, so shrink cases use unit strides.
  { label: 'shrink axis', shape: [4, 5, 3], begin: [1, 0, 0], end: [2, 5, 3], strides: [1, 1, 1], masks: [0, 0, 0, 0, 0b1] },
  { label: 'new axis', shape: [4, 5, 3], begin: [0, 1], end: [4, 5], strides: [2, 2], masks: [0, 0, 0, 0b1, 0] },
  { label: 'ellipsis + shrink', shape: [4, 5, 3], begin: [0, 1], end: [3, 2], strides: [1, 1], masks: [0, 0, 0b1, 0, 0b10] },
  { label: 'begin/end masks', shape: [6, 6], begin: [2, 9], end: [0, 1], strides: [1, -1], masks: [0b10, 0b01, 0, 0, 0] },
];

function stridedSliceCases(): GradCase[] {
  return SLICES.map((s) => {
    const [beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask] = s.masks ?? [0, 0, 0, 0, 0];
    const slice = (t: tf.Tensor) =>
      tf.stridedSlice(t, s.begin, s.end, s.strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask);
    return {
      op: 'stridedSlice',
      label: s.label,
      inputs: [{ name: 'x', shape: s.shape, kernel: 'StridedSlice grad' }],
      fn: slice,
      reference: (x) => gatherEquivalent(x, slice),
    };
  });
}

function gatherCases(): GradCase[] {
  return [
    { label: 'rows with repeats', shape: [5, 4], indices: [0, 3, 3, 1], axis: 0 },
    { label: 'axis 1', shape: [3, 6, 2], indices: [5, 0, 2], axis: 1 },
  ].map(({ label, shape, indices, axis }) => ({
    op: 'gather',
    label,
    inputs: [{ name: 'x', shape, kernel: 'UnsortedSegmentSum' }],
    fn: (x) => tf.gather(x, tf.tensor1d(indices, 'int32'), axis),
  }));
}

/** Sum pooling by a depthwise conv with a ones filter, divided by how many pixels each window covers. */
function averageByConvolution(x: tf.Tensor4D, k: number, stride: number, pad: Pad): tf.Tensor4D {
  const c = x.shape[3];
  const sum = tf.depthwiseConv2d(x, tf.ones([k, k, c, 1]) as tf.Tensor4D, stride, pad);
  const covered = tf.depthwiseConv2d(tf.onesLike(x.slice([0, 0, 0, 0], [1, -1, -1, 1])), tf.ones([k, k, 1, 1]) as tf.Tensor4D, stride, pad);
  return tf.div(sum, covered);
}

/** Pooling runs its SIMD gradient kernel on wasm for channels in groups of 4, a general one otherwise: both. */
const POOL_CHANNELS = [3, 4] as const;

function avgPoolCases(grid: ConvGrid): GradCase[] {
  return grid.sizes.flatMap((size) =>
    [2, 3].flatMap((k) =>
      [1, 2].flatMap((stride) =>
        grid.pads.flatMap((pad) =>
          POOL_CHANNELS.map((c) => ({
            op: 'avgPool',
            label: `${size}x${size}x${c} k${k} s${stride} ${pad}`,
            inputs: [{ name: 'x', shape: [2, size, size, c], kernel: 'AvgPool grad' }],
            fn: (x: tf.Tensor) => tf.avgPool(x as tf.Tensor4D, k, stride, pad),
            reference: (x: tf.Tensor) => averageByConvolution(x as tf.Tensor4D, k, stride, pad),
          })),
        ),
      ),
    ),
  );
}

function maxPoolCases(grid: ConvGrid): GradCase[] {
  return grid.sizes.flatMap((size) =>
    [2, 3].flatMap((k) =>
      [1, 2].flatMap((stride) =>
        grid.pads.flatMap((pad) =>
          POOL_CHANNELS.map((c) => ({
            op: 'maxPool',
            label: `${size}x${size}x${c} k${k} s${stride} ${pad}`,
            inputs: [{ name: 'x', shape: [2, size, size, c], kernel: 'MaxPool grad' }],
            fn: (x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, k, stride, pad),
          })),
        ),
      ),
    ),
  );
}

/** BatchNorm by its definition, differentiated by tfjs's autodiff: the reference for the closed-form gradient. */
function batchNormByDefinition(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
}

/**
 * A training BatchNorm (`batchNormTrain`: the per-channel moments, sums and
 * affine maps, the toolkit's kernels on wasm and webgpu) against its
 * definition; channels in groups of 4 (the SIMD kernels) and not.
 */
function batchNormCases(): GradCase[] {
  const affineOff: GradCase = {
    op: 'batchNormTrain',
    label: '2x5x5x4 affine off',
    inputs: [{ name: 'x', shape: [2, 5, 5, 4], kernel: 'BatchNorm training, affine off (packed moments and sums on webgpu)' }],
    fn: (x) => batchNormTrain(x as tf.Tensor4D, null, null, 1e-5, () => {}),
    reference: (x) => batchNormByDefinition(x, tf.scalar(1), tf.scalar(0)),
  };
  return [3, 4]
    .map(
      (c): GradCase => ({
        op: 'batchNormTrain',
        label: `2x5x5x${c}`,
        inputs: [
          { name: 'x', shape: [2, 5, 5, c], kernel: 'BatchNorm training (channel moments, sums, affine)' },
          { name: 'gamma', shape: [c], kernel: 'BatchNorm training (channel moments, sums, affine)' },
          { name: 'beta', shape: [c], kernel: 'BatchNorm training (channel moments, sums, affine)' },
        ],
        fn: (x, gamma, beta) => batchNormTrain(x as tf.Tensor4D, gamma as tf.Tensor1D, beta as tf.Tensor1D, 1e-5, () => {}),
        reference: batchNormByDefinition as (...inputs: tf.Tensor[]) => tf.Tensor,
      }),
    )
    .concat(affineOff);
}

/** Every gradient check the toolkit ships; `quick` is the subset `nas info --check` runs. */
export function gradientCases(scope: 'full' | 'quick' = 'full'): GradCase[] {
  const grid = scope === 'full' ? FULL_GRID : QUICK_GRID;
  return [
    ...convCases(grid),
    ...depthwiseCases(grid),
    ...avgPoolCases(grid),
    ...maxPoolCases(grid),
    ...stridedSliceCases(),
    ...gatherCases(),
    ...batchNormCases(),
    ...mixedOpCases(scope),
  ];
}
