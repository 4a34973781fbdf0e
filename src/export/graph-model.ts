import type * as tf from '@tensorflow/tfjs';
import { attr, GraphBuilder } from './graph-def.js';
import { mapperOf, type MapContext } from './kernel-ops.js';
import type { KernelTrace, TraceRef } from './trace.js';

/** Name of the graph's input placeholder (`[batch, height, width, channels]`, float32). */
export const INPUT_NODE = 'input';
/** Name of the graph's output node (an `Identity` of the network's result). */
export const OUTPUT_NODE = 'output';
/** The one weight shard a model.json of this exporter names. */
export const WEIGHT_SHARD = 'group1-shard1of1.bin';

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
