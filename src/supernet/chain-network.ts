import * as tf from '@tensorflow/tfjs';
import type { ChainSkeleton } from '../../supernets/chain.js';
import type { ChainSpace } from '../space/api.js';
import { BatchNorm } from '../ops/batch-norm.js';
import { Conv, Linear } from '../ops/conv.js';
import type { SeedStream } from '../ops/init.js';
import { Module, type Op } from '../ops/module.js';
import { createOp, type OpSpec } from '../ops/registry.js';
import type { RowChoice, Selection } from './api.js';
import { lookup, mixTerms, sumTerms } from './mix.js';
import { withSharedRelu } from '../ops/shared-relu.js';

export interface ChainNetworkOptions {
  readonly affine: boolean;
  readonly poolBn: boolean;
  /**
   * Each layer's built output width (a stand-alone network: the genotype's
   * widths). Absent: every layer at the space's widest width, narrower
   * choices masked (the supernet).
   */
  readonly widths?: readonly number[];
}

/**
 * A chain-space network: stem, then one layer per position. In the supernet
 * every layer's ops run at the widest width; a width choice `w` keeps the
 * first `w` channels and zeroes the rest (channel masking, as in FBNetV2), so
 * narrower choices share the wide weights and the relaxation can weigh
 * widths too. A stand-alone network (`widths` given) builds layer `l` from
 * the previous layer's width to its own, so its weights are the leading
 * slices of the supernet's; weight-free ops (pooling) keep their input's
 * channels and the layer keeps the first `w` of them or pads with zeros, as
 * the supernet's mask does. Decision groups: `op` and `width`, one row per layer.
 */
export class ChainNetwork extends Module {
  private readonly stemConv: Conv;
  private readonly stemBn: BatchNorm;
  private readonly layers: Map<string, Op | null>[] = [];
  private readonly layerWidths: readonly number[];
  private readonly classifier: Linear;

  constructor(
    private readonly space: ChainSpace,
    skeleton: ChainSkeleton,
    layerOps: (layer: number) => readonly string[],
    options: ChainNetworkOptions,
    seeds: SeedStream,
  ) {
    super();
    const widest = Math.max(...space.widths);
    this.layerWidths = Array.from({ length: space.depth }, (_, l) => options.widths?.[l] ?? widest);
    this.stemConv = this.addModule('stem.conv', new Conv({ cIn: skeleton.inputChannels, cOut: widest, kernel: 3 }, seeds));
    this.stemBn = this.addModule('stem.bn', new BatchNorm(widest, true));
    let cIn = widest;
    this.layerWidths.forEach((cOut, l) => {
      const spec = { cIn, cOut, stride: space.reductions.includes(l) ? 2 : 1, affine: options.affine, poolBn: options.poolBn };
      const ops = new Map<string, Op | null>();
      for (const name of layerOps(l)) {
        const op = createLayerOp(name, spec, seeds);
        if (op) this.addModule(`layers.${l}.${name}`, op);
        ops.set(name, op);
      }
      this.layers.push(ops);
      cIn = cOut;
    });
    this.classifier = this.addModule('classifier', new Linear(cIn, skeleton.classes, true, seeds));
  }

  forward(x: tf.Tensor4D, selection: Selection, training: boolean): tf.Tensor2D {
    // A layer's conv ops all start with a ReLU of its input: one (src/ops/shared-relu.ts).
    return withSharedRelu(() => this.run(x, selection, training));
  }

  private run(x: tf.Tensor4D, selection: Selection, training: boolean): tf.Tensor2D {
    const widthNames = this.space.widths.map(String);
    let h = this.stemBn.forward(this.stemConv.forward(x), training);
    this.layers.forEach((ops, l) => {
      const input = h;
      const width = this.layerWidths[l]!;
      const stride = this.space.reductions.includes(l) ? 2 : 1;
      const terms = mixTerms(selection['op']?.[l], this.space.ops, (name) => {
        const y = lookup(ops, name, `chain layer ${l}`)?.forward(input, training);
        return y ? fitChannels(y, width) : null;
      });
      const [n, hh, ww] = input.shape;
      const y = sumTerms(terms, () => tf.zeros([n, Math.ceil(hh / stride), Math.ceil(ww / stride), width]));
      const choice = selection['width']?.[l];
      if (keepsAll(choice, this.space.widths, width)) {
        h = y;
        return;
      }
      const masks = mixTerms(choice, widthNames, (name) => widthMask(Number(name), width));
      h = tf.mul(
        y,
        sumTerms(masks, () => widthMask(0, width)),
      );
    });
    return this.classifier.forward(h.mean([1, 2]) as tf.Tensor2D);
  }
}

/**
 * A layer's op from `spec.cIn` to `spec.cOut` channels; an op without
 * weights (pooling) cannot change a width and is built at its input's.
 */
function createLayerOp(name: string, spec: OpSpec, seeds: SeedStream): Op | null {
  if (spec.cIn === spec.cOut) return createOp(name, spec, seeds);
  const kept = createOp(name, { ...spec, cOut: spec.cIn }, seeds);
  if (kept === null || kept.parameterCount() === 0) return kept;
  kept.dispose();
  return createOp(name, spec, seeds);
}

/** The first `width` channels of `y`, zero-padded when it has fewer. */
function fitChannels(y: tf.Tensor4D, width: number): tf.Tensor4D {
  const c = y.shape[3];
  if (c === width) return y;
  if (c > width) return tf.slice(y, [0, 0, 0, 0], [-1, -1, -1, width]);
  return tf.pad(y, [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, width - c],
  ]);
}

/** Whether a width choice keeps every one of a layer's `width` channels (a single unweighted width at least as wide), so no mask is needed. */
function keepsAll(choice: RowChoice | undefined, widths: readonly number[], width: number): boolean {
  if (!choice || choice.weights !== undefined || choice.options.length !== 1) return false;
  return (widths[choice.options[0]!] ?? 0) >= width;
}

/** `[1, 1, 1, channels]` with ones on the first `width` channels. */
function widthMask(width: number, channels: number): tf.Tensor4D {
  const values = Array.from({ length: channels }, (_, c) => (c < width ? 1 : 0));
  return tf.tensor4d(values, [1, 1, 1, channels]);
}
