import * as tf from '@tensorflow/tfjs';
import { CHANNEL_AFFINE } from '../kernels/channel-affine.js';
import { attr, type AttrValue, type GraphBuilder } from './graph-def.js';
import type { TracedCall, TracedConst, TracedTensor } from './trace.js';

/** What a kernel mapper sees of one traced call. */
export interface MapContext {
  readonly call: TracedCall;
  readonly graph: GraphBuilder;
  readonly dynamicBatch: boolean;
  /** The graph tensor feeding kernel input `name`. */
  input(name: string): string;
  tensor(name: string): TracedTensor;
  /** Kernel input `name`'s values where it is a constant of the trace (a weight, a statistic), else null. */
  constant(name: string): TracedConst | null;
  /** Add this call's node, with attribute `T` (the output dtype) unless `typed` is false. */
  node(op: string, input: readonly string[], nodeAttr?: Record<string, AttrValue>, typed?: boolean): string;
}

/** Emits the graph nodes of one kernel call, returning the graph tensor of its output. */
export type KernelMapper = (c: MapContext) => string;

type Pad = 'valid' | 'same' | number | readonly (readonly number[])[];

const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [v[0], v[1]] : [v as number, v as number]);
const list = (v: unknown): number[] => (Array.isArray(v) ? [...(v as number[])] : [v as number]);
const nhwc = ([h, w]: [number, number]) => [1, h, w, 1];

function convPadding(kernel: string, pad: Pad, rounding: unknown): Record<string, AttrValue> {
  if (pad === 'same' || pad === 'valid') return { padding: attr.s(pad.toUpperCase()) };
  if (rounding != null && rounding !== 'floor') throw new Error(`cannot export ${kernel} with dimRoundingMode '${String(rounding)}'`);
  const explicit = typeof pad === 'number' ? [0, 0, pad, pad, pad, pad, 0, 0] : pad.flat();
  return { padding: attr.s('EXPLICIT'), explicit_paddings: attr.ints(explicit) };
}

function conv(op: string, inputName: string): KernelMapper {
  return (c) => {
    const a = c.call.attrs as { strides: unknown; pad: Pad; dataFormat?: string; dilations: unknown; dimRoundingMode?: unknown };
    if ((a.dataFormat ?? 'NHWC') !== 'NHWC') throw new Error(`cannot export ${c.call.kernelName} in data format ${a.dataFormat}`);
    return c.node(op, [c.input(inputName), c.input('filter')], {
      strides: attr.ints(nhwc(pair(a.strides))),
      dilations: attr.ints(nhwc(pair(a.dilations))),
      data_format: attr.s('NHWC'),
      ...convPadding(c.call.kernelName, a.pad, a.dimRoundingMode),
    });
  };
}

function pool(op: string): KernelMapper {
  return (c) => {
    const a = c.call.attrs as { filterSize: unknown; strides: unknown; pad: Pad };
    const pad = a.pad === 0 ? 'valid' : a.pad;
    if (pad !== 'same' && pad !== 'valid') throw new Error(`cannot export ${c.call.kernelName} with explicit padding`);
    return c.node(op, [c.input('x')], {
      ksize: attr.ints(nhwc(pair(a.filterSize))),
      strides: attr.ints(nhwc(pair(a.strides))),
      padding: attr.s(pad.toUpperCase()),
      data_format: attr.s('NHWC'),
    });
  };
}

const unary =
  (op: string): KernelMapper =>
  (c) =>
    c.node(op, [c.input('x')]);
const binary =
  (op: string): KernelMapper =>
  (c) =>
    c.node(op, [c.input('a'), c.input('b')]);
const all = (c: MapContext) => c.call.inputs.map(([name]) => c.input(name));

function reduction(op: string, axisAttr: string): KernelMapper {
  return (c) => {
    const axes = list(c.call.attrs[axisAttr]);
    return c.node(op, [c.input('x'), c.graph.ints(axes)], {
      keep_dims: attr.b(Boolean(c.call.attrs['keepDims'])),
      Tidx: attr.type('int32'),
    });
  };
}

/** A shape or size whose leading (batch) dimension is left free where the input's is the same. */
function freeBatch(c: MapContext, shape: readonly number[]): number[] {
  const out = [...shape];
  if (c.dynamicBatch && out.length > 0 && out[0] === c.tensor('x').shape[0]) out[0] = -1;
  return out;
}

/**
 * tfjs kernel name -> the TensorFlow op(s) tfjs-converter executes for it
 * (`@tensorflow/tfjs-converter/dist/operations/op_list`: op names, input
 * order, attribute names). Attribute values are rewritten from the kernel's
 * form (`strides: 2`, `pad: 'same'`) to TF's (`strides: [1, 2, 2, 1]`,
 * `padding: 'SAME'`); tfjs attributes that TF passes as inputs (axes,
 * shapes, paddings) become int32 Consts.
 */
const KERNEL_OPS = {
  Add: binary('AddV2'),
  Sub: binary('Sub'),
  Multiply: binary('Mul'),
  RealDiv: binary('RealDiv'),
  Maximum: binary('Maximum'),
  Minimum: binary('Minimum'),
  SquaredDifference: binary('SquaredDifference'),
  Pow: binary('Pow'),
  Prelu: (c) => c.node('Prelu', [c.input('x'), c.input('alpha')]),
  Relu: unary('Relu'),
  Relu6: unary('Relu6'),
  Elu: unary('Elu'),
  Sigmoid: unary('Sigmoid'),
  Tanh: unary('Tanh'),
  Softplus: unary('Softplus'),
  Exp: unary('Exp'),
  Log: unary('Log'),
  Sqrt: unary('Sqrt'),
  Rsqrt: unary('Rsqrt'),
  Square: unary('Square'),
  Neg: unary('Neg'),
  Abs: unary('Abs'),
  // A hierarchical motif node whose every input edge is `none` is zeros shaped like the motif's input.
  ZerosLike: unary('ZerosLike'),
  LeakyRelu: (c) => c.node('LeakyRelu', [c.input('x')], { alpha: attr.f(c.call.attrs['alpha'] as number) }),
  ClipByValue: (c) => {
    const { clipValueMin: lo, clipValueMax: hi } = c.call.attrs as { clipValueMin: number; clipValueMax: number };
    const dtype = c.tensor('x').dtype;
    return c.node('ClipByValue', [c.input('x'), c.graph.scalar(lo, dtype), c.graph.scalar(hi, dtype)]);
  },
  Softmax: (c) => {
    const dim = c.call.attrs['dim'] as number;
    const rank = c.tensor('logits').shape.length;
    if (dim !== -1 && dim !== rank - 1) throw new Error(`cannot export Softmax over axis ${dim} of a rank-${rank} tensor`);
    return c.node('Softmax', [c.input('logits')]);
  },
  Identity: (c) => c.input('x'),
  Cast: (c) => {
    const to = c.call.attrs['dtype'] as tf.DataType;
    const from = c.tensor('x').dtype;
    if (to === from) return c.input('x');
    return c.node('Cast', [c.input('x')], { SrcT: attr.type(from), DstT: attr.type(to), Truncate: attr.b(false) }, false);
  },
  AddN: (c) => c.node('AddN', all(c), { N: attr.i(c.call.inputs.length) }),
  Concat: (c) =>
    c.node('ConcatV2', [...all(c), c.graph.scalar(c.call.attrs['axis'] as number, 'int32')], {
      N: attr.i(c.call.inputs.length),
      Tidx: attr.type('int32'),
    }),
  Pack: (c) => c.node('Pack', all(c), { N: attr.i(c.call.inputs.length), axis: attr.i(c.call.attrs['axis'] as number) }),
  Conv2D: conv('Conv2D', 'x'),
  DepthwiseConv2dNative: conv('DepthwiseConv2dNative', 'x'),
  MaxPool: pool('MaxPool'),
  AvgPool: pool('AvgPool'),
  BatchMatMul: (c) => {
    const { transposeA, transposeB } = c.call.attrs as { transposeA: boolean; transposeB: boolean };
    const plain = c.tensor('a').shape.length === 2 && c.tensor('b').shape.length === 2;
    return plain
      ? c.node('MatMul', [c.input('a'), c.input('b')], { transpose_a: attr.b(transposeA), transpose_b: attr.b(transposeB) })
      : c.node('BatchMatMulV2', [c.input('a'), c.input('b')], { adj_x: attr.b(transposeA), adj_y: attr.b(transposeB) });
  },
  Mean: reduction('Mean', 'axis'),
  Sum: reduction('Sum', 'axis'),
  Min: reduction('Min', 'axis'),
  Max: reduction('Max', 'reductionIndices'),
  Reshape: (c) => {
    const shape = freeBatch(c, c.call.outputs[0]?.shape ?? []);
    return c.node('Reshape', [c.input('x'), c.graph.ints(shape)], { Tshape: attr.type('int32') });
  },
  Transpose: (c) => c.node('Transpose', [c.input('x'), c.graph.ints(list(c.call.attrs['perm']))], { Tperm: attr.type('int32') }),
  Tile: (c) => c.node('Tile', [c.input('x'), c.graph.ints(list(c.call.attrs['reps']))], { Tmultiples: attr.type('int32') }),
  PadV2: (c) => {
    const { paddings, constantValue } = c.call.attrs as { paddings: number[][]; constantValue: number };
    const x = c.tensor('x');
    return c.node('PadV2', [c.input('x'), c.graph.ints(paddings.flat(), [paddings.length, 2]), c.graph.scalar(constantValue, x.dtype)], {
      Tpaddings: attr.type('int32'),
    });
  },
  // x * a + y * b + c per channel (the vectors broadcast over the last axis); BatchNorm's
  // inference form has b = 0 (y is x), and its term is left out.
  [CHANNEL_AFFINE]: (c) => {
    const ax = c.node('Mul', [c.input('x'), c.input('a')]);
    const b = c.constant('b');
    const sum = b?.values.every((v) => v === 0) ? ax : c.node('AddV2', [ax, c.node('Mul', [c.input('y'), c.input('b')])]);
    return c.node('AddV2', [sum, c.input('c')]);
  },
  Slice: (c) => {
    const x = c.tensor('x');
    const info = { shape: [...x.shape] } as tf.TensorInfo;
    const [begin, size] = tf.slice_util.parseSliceParams(info, list(c.call.attrs['begin']), list(c.call.attrs['size'])) as [
      number[],
      number[],
    ];
    const free = begin[0] === 0 ? freeBatch(c, size) : size;
    return c.node('Slice', [c.input('x'), c.graph.ints(begin), c.graph.ints(free)], { Index: attr.type('int32') });
  },
} satisfies Record<string, KernelMapper>;

/** The tfjs kernels the exporter can write as TensorFlow ops. */
export const EXPORTABLE_KERNELS: readonly string[] = Object.keys(KERNEL_OPS).sort();

/** The mapper of a tfjs kernel; an unmapped one is a one-line Error listing the exportable kernels. */
export function mapperOf(kernelName: string): KernelMapper {
  const mapper = (KERNEL_OPS as Record<string, KernelMapper>)[kernelName];
  if (mapper) return mapper;
  throw new Error(
    `cannot export kernel '${kernelName}' to a graph model: no TensorFlow op for it (exportable: ${EXPORTABLE_KERNELS.join(', ')})`,
  );
}
