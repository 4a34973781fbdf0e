import * as tf from '@tensorflow/tfjs';
import { CHANNEL_AFFINE } from '../kernels/channel-affine.js';
import type { KernelTrace, TraceRef, TracedCall, TracedConst, TracedTensor } from './trace.js';

/** Name of the graph's input placeholder (`[batch, height, width, channels]`, float32). */
export const INPUT_NODE = 'input';
/** Name of the graph's output node (an `Identity` of the network's result). */
export const OUTPUT_NODE = 'output';
/** The one weight shard a model.json of this exporter names. */
export const WEIGHT_SHARD = 'group1-shard1of1.bin';

/**
 * An attribute value in TensorFlow's GraphDef JSON encoding, as tfjs-converter's
 * `operation_mapper` reads it: int64 as decimal strings, strings base64.
 */
export interface AttrValue {
  readonly i?: string;
  readonly f?: number;
  readonly b?: boolean;
  readonly s?: string;
  readonly type?: string;
  readonly shape?: { readonly dim: readonly { readonly size: string }[] };
  readonly list?: { readonly i?: readonly string[] };
  readonly tensor?: { readonly dtype: string; readonly tensorShape: { readonly dim?: readonly { readonly size: string }[] } };
}

/** A GraphDef node. `input` names are `node` or `node:k`. */
export interface NodeDef {
  readonly name: string;
  readonly op: string;
  readonly input: readonly string[];
  readonly attr: Readonly<Record<string, AttrValue>>;
}

/** What a graph model consists of: model.json's contents and the bytes of its weight shard. */
export interface GraphModelArtifacts {
  readonly modelJSON: tf.io.ModelJSON;
  readonly weightData: Uint8Array;
}

export interface GraphModelOptions {
  /** Accept any batch size: placeholder dimension -1, and reshapes that keep the leading dimension leave it free. */
  readonly dynamicBatch: boolean;
  /** `generatedBy` and `convertedBy` of model.json. */
  readonly producer: string;
}

const DT: Readonly<Record<string, string>> = { float32: 'DT_FLOAT', int32: 'DT_INT32', bool: 'DT_BOOL' };

function dtypeName(dtype: tf.DataType): string {
  const name = DT[dtype];
  if (name === undefined) throw new Error(`cannot export a tensor of dtype ${dtype}`);
  return name;
}

const dims = (shape: readonly number[]) => shape.map((size) => ({ size: String(size) }));

/** Builders of attribute values. */
const attr = {
  i: (v: number): AttrValue => ({ i: String(v) }),
  f: (v: number): AttrValue => ({ f: v }),
  b: (v: boolean): AttrValue => ({ b: v }),
  s: (v: string): AttrValue => ({ s: Buffer.from(v, 'utf8').toString('base64') }),
  ints: (v: readonly number[]): AttrValue => ({ list: { i: v.map(String) } }),
  type: (d: tf.DataType): AttrValue => ({ type: dtypeName(d) }),
  shape: (shape: readonly number[]): AttrValue => ({ shape: { dim: dims(shape) } }),
};

/** Nodes and weights of a graph under construction; every Const's value goes to the one weight shard. */
class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  readonly weights: tf.io.WeightsManifestEntry[] = [];
  private readonly chunks: Uint8Array[] = [];
  private readonly counts = new Map<string, number>();

  name(base: string): string {
    const n = this.counts.get(base) ?? 0;
    this.counts.set(base, n + 1);
    return `${base}_${n}`;
  }

  add(name: string, op: string, input: readonly string[], nodeAttr: Record<string, AttrValue>): string {
    this.nodes.push({ name, op, input, attr: nodeAttr });
    return name;
  }

  constant(values: Float32Array | Int32Array | Uint8Array, shape: readonly number[], dtype: tf.DataType, base = 'const'): string {
    const name = this.name(base);
    const type = dtypeName(dtype);
    this.weights.push({ name, shape: [...shape], dtype: dtype as 'float32' | 'int32' | 'bool' });
    this.chunks.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    return this.add(name, 'Const', [], {
      dtype: { type },
      value: { tensor: { dtype: type, tensorShape: shape.length === 0 ? {} : { dim: dims(shape) } } },
    });
  }

  /** An int32 Const (axes, shapes, paddings), 1-D unless `shape` says otherwise. */
  ints(values: readonly number[], shape: readonly number[] = [values.length]): string {
    return this.constant(Int32Array.from(values), shape, 'int32', 'shape');
  }

  scalar(value: number, dtype: tf.DataType): string {
    return this.constant(dtype === 'int32' ? Int32Array.of(value) : Float32Array.of(value), [], dtype, 'scalar');
  }

  weightData(): Uint8Array {
    const data = new Uint8Array(this.chunks.reduce((n, chunk) => n + chunk.byteLength, 0));
    let offset = 0;
    for (const chunk of this.chunks) {
      data.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return data;
  }
}

/** What a kernel mapper sees of one traced call. */
interface MapContext {
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
type KernelMapper = (c: MapContext) => string;

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

/** Indices of the calls the output depends on (dead calls are left out of the graph). */
function liveCalls(trace: KernelTrace): Set<number> {
  const live = new Set<number>();
  const visit = (ref: TraceRef) => {
    const pending = [ref];
    for (let r = pending.pop(); r; r = pending.pop()) {
      if (r.kind !== 'call' || live.has(r.call)) continue;
      live.add(r.call);
      for (const [, input] of trace.calls[r.call]?.inputs ?? []) pending.push(input);
    }
  };
  visit(trace.output);
  return live;
}

function mapperOf(kernelName: string): KernelMapper {
  const mapper = (KERNEL_OPS as Record<string, KernelMapper>)[kernelName];
  if (mapper) return mapper;
  throw new Error(
    `cannot export kernel '${kernelName}' to a graph model: no TensorFlow op for it (exportable: ${EXPORTABLE_KERNELS.join(', ')})`,
  );
}

/**
 * The TensorFlow.js graph model of a kernel trace: a Placeholder for the
 * input, a Const (value in the weight shard) for every constant the live
 * calls read, one or a few TF nodes per live call (see `KERNEL_OPS`), and an
 * `Identity` named `output`. An unmapped kernel is a one-line Error naming it.
 */
export function graphModelFromTrace(trace: KernelTrace, options: GraphModelOptions): GraphModelArtifacts {
  const live = liveCalls(trace);
  for (const i of live) mapperOf(trace.calls[i]!.kernelName);
  const graph = new GraphBuilder();
  const inputShape = options.dynamicBatch ? [-1, ...trace.input.shape.slice(1)] : trace.input.shape;
  graph.add(INPUT_NODE, 'Placeholder', [], { dtype: attr.type(trace.input.dtype), shape: attr.shape(inputShape) });
  const constants = new Map<number, string>();
  const outputs = new Map<number, string>();
  const tensorOf = (ref: TraceRef): string => {
    if (ref.kind === 'input') return INPUT_NODE;
    if (ref.kind === 'call') {
      const name = outputs.get(ref.call);
      if (name === undefined || ref.output !== 0)
        throw new Error(`cannot export output ${ref.output} of kernel '${trace.calls[ref.call]?.kernelName}'`);
      return name;
    }
    let name = constants.get(ref.index);
    if (name === undefined) {
      const value = trace.constants[ref.index]!;
      name = graph.constant(value.values, value.shape, value.dtype);
      constants.set(ref.index, name);
    }
    return name;
  };
  trace.calls.forEach((call, index) => {
    if (!live.has(index)) return;
    const named = (name: string) => {
      const input = call.inputs.find(([n]) => n === name);
      if (!input) throw new Error(`kernel '${call.kernelName}' was traced without input '${name}'`);
      return input;
    };
    const context: MapContext = {
      call,
      graph,
      dynamicBatch: options.dynamicBatch,
      input: (name) => tensorOf(named(name)[1]),
      tensor: (name) => named(name)[2],
      constant: (name) => {
        const ref = named(name)[1];
        return ref.kind === 'const' ? trace.constants[ref.index]! : null;
      },
      node: (op, input, nodeAttr = {}, typed = true) =>
        graph.add(graph.name(op), op, input, typed ? { T: attr.type(call.outputs[0]?.dtype ?? 'float32'), ...nodeAttr } : nodeAttr),
    };
    outputs.set(index, mapperOf(call.kernelName)(context));
  });
  graph.add(OUTPUT_NODE, 'Identity', [tensorOf(trace.output)], { T: attr.type(trace.outputTensor.dtype) });
  return {
    modelJSON: {
      format: 'graph-model',
      generatedBy: options.producer,
      convertedBy: options.producer,
      modelTopology: { node: graph.nodes, library: {}, versions: { producer: 1, minConsumer: 0 } },
      weightsManifest: [{ paths: [WEIGHT_SHARD], weights: graph.weights }],
    },
    weightData: graph.weightData(),
  };
}
