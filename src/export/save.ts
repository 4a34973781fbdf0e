import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../checkpoint/atomic-write.js';
import { systemErrorReason } from '../checkpoint/system-error.js';
import { NasError } from '../errors.js';
import { toolkitVersion } from '../version.js';
import { graphModelFromTrace, WEIGHT_SHARD, type GraphModelArtifacts } from './graph-model.js';
import { traceKernels } from './trace.js';

/** What the exporter needs of a network: inference on an NHWC batch, usually to logits (`FixedNetwork` is one). */
export interface InferenceNetwork {
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor;
}

export interface GraphModelExportOptions {
  /** Fix the model's batch size; by default the model takes any batch size. */
  readonly batchSize?: number;
}

/** What `exportGraphModel` wrote. */
export interface GraphModelExport {
  readonly modelPath: string;
  readonly weightsPath: string;
  readonly nodes: number;
  readonly weightBytes: number;
}

/** The model file's name, as tfjs-converter writes it. */
export const MODEL_FILE = 'model.json';

/**
 * Two batch sizes traced for a model of any batch size: if the graphs of
 * both agree (same nodes, attributes, weight shapes and values), no constant
 * or attribute depends on the batch size. One trace would not tell a
 * batch-sized constant (a `tf.zeros(x.shape)`, a `1 / batch`) from a weight.
 */
const PROBE_BATCHES = [2, 3] as const;

function checkInputShape(inputShape: readonly number[]): void {
  if (inputShape.length !== 3 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new NasError(`the input shape must be [height, width, channels] of positive integers, got [${inputShape.join(', ')}]`);
  }
}

/**
 * The graph model of `net`'s inference (`forward(x, false)`) on inputs of
 * shape `[batch, ...inputShape]`, built from a kernel trace of one forward
 * pass (see `traceKernels`), so it works for any network whatever its
 * modules, as long as every kernel it runs has a TensorFlow op
 * (`EXPORTABLE_KERNELS`). Weights are frozen as they are now.
 */
export function graphModelArtifacts(
  net: InferenceNetwork,
  inputShape: readonly [number, number, number],
  options: GraphModelExportOptions = {},
): GraphModelArtifacts {
  checkInputShape(inputShape);
  const producer = `tfjs-nas ${toolkitVersion()} kernel trace (TensorFlow.js ${tf.version.tfjs})`;
  const build = (batch: number, dynamicBatch: boolean) =>
    graphModelFromTrace(
      traceKernels([batch, ...inputShape], (x) => net.forward(x as tf.Tensor4D, false)),
      { dynamicBatch, producer },
    );
  if (options.batchSize !== undefined) {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new NasError(`the batch size must be a positive integer, got ${options.batchSize}`);
    }
    return build(options.batchSize, false);
  }
  const [first, second] = PROBE_BATCHES.map((batch) => build(batch, true)) as [GraphModelArtifacts, GraphModelArtifacts];
  const same =
    JSON.stringify(first.modelJSON) === JSON.stringify(second.modelJSON) &&
    Buffer.from(first.weightData).equals(Buffer.from(second.weightData));
  if (!same) {
    throw new NasError('the network computes something that depends on the batch size besides reshapes; export with a fixed batchSize');
  }
  return first;
}

/** The one-line error of a failed file-system step on `dir`; errors that are not the OS's pass through. */
function targetError(dir: string, error: unknown): unknown {
  const reason = systemErrorReason(error);
  return reason === null ? error : new NasError(`cannot export to ${dir}: ${reason}`);
}

/** Refuse a target that is a file or a non-empty directory; a missing one is fine (it is created). */
function checkTarget(dir: string): void {
  try {
    const stats = statSync(dir, { throwIfNoEntry: false });
    if (stats === undefined) return;
    if (!stats.isDirectory()) throw new NasError(`cannot export to ${dir}: it is not a directory`);
    if (readdirSync(dir).length > 0) throw new NasError(`cannot export to ${dir}: the directory is not empty`);
  } catch (error) {
    throw targetError(dir, error);
  }
}

/**
 * Save `net` as a TensorFlow.js graph model in `dir` (created if missing; an
 * existing non-empty directory is refused, so a model is never mixed with
 * stale shards): `model.json` plus one weight shard, loadable with
 * `tf.loadGraphModel` without the toolkit. Each file is written atomically;
 * the weights go first, so a `model.json` exists only with its weights.
 */
export async function exportGraphModel(
  net: InferenceNetwork,
  inputShape: readonly [number, number, number],
  dir: string,
  options: GraphModelExportOptions = {},
): Promise<GraphModelExport> {
  checkTarget(dir);
  const { modelJSON, weightData } = graphModelArtifacts(net, inputShape, options);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw targetError(dir, error);
  }
  const weightsPath = join(dir, WEIGHT_SHARD);
  const modelPath = join(dir, MODEL_FILE);
  await writeFileAtomic(weightsPath, weightData);
  await writeFileAtomic(modelPath, JSON.stringify(modelJSON));
  const nodes = (modelJSON.modelTopology as { node: unknown[] }).node.length;
  return { modelPath, weightsPath, nodes, weightBytes: weightData.byteLength };
}
