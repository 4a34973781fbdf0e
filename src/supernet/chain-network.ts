import * as tf from '@tensorflow/tfjs';
import type { ChainSkeleton } from '../../supernets/chain.js';
import type { ChainSpace } from '../space/api.js';
import { BatchNorm } from '../ops/batch-norm.js';
import { Conv, Linear } from '../ops/conv.js';
import type { SeedStream } from '../ops/init.js';
import { Module, type Op } from '../ops/module.js';
import { createOp } from '../ops/registry.js';
import type { Selection } from './api.js';
import { lookup, mixTerms, sumTerms } from './mix.js';

/**
 * A chain-space network: stem, then one mixed layer per position. Every
 * layer's ops run at the widest width; a width choice `w` keeps the first `w`
 * channels and zeroes the rest (channel masking, as in FBNetV2), so narrower
 * choices share the wide weights and the relaxation can weigh widths too.
 * Decision groups: `op` and `width`, one row per layer.
 */
export class ChainNetwork extends Module {
  private readonly stemConv: Conv;
  private readonly stemBn: BatchNorm;
  private readonly layers: Map<string, Op | null>[] = [];
  private readonly classifier: Linear;
  private readonly maxWidth: number;

  constructor(
    private readonly space: ChainSpace,
    skeleton: ChainSkeleton,
    layerOps: (layer: number) => readonly string[],
    options: { readonly affine: boolean; readonly poolBn: boolean },
    seeds: SeedStream,
  ) {
    super();
    const width = Math.max(...space.widths);
    this.maxWidth = width;
    this.stemConv = this.addModule('stem.conv', new Conv({ cIn: skeleton.inputChannels, cOut: width, kernel: 3 }, seeds));
    this.stemBn = this.addModule('stem.bn', new BatchNorm(width, true));
    for (let l = 0; l < space.depth; l++) {
      const stride = space.reductions.includes(l) ? 2 : 1;
      const ops = new Map<string, Op | null>();
      for (const name of layerOps(l)) {
        const op = createOp(name, { cIn: width, cOut: width, stride, ...options }, seeds);
        if (op) this.addModule(`layers.${l}.${name}`, op);
        ops.set(name, op);
      }
      this.layers.push(ops);
    }
    this.classifier = this.addModule('classifier', new Linear(width, skeleton.classes, true, seeds));
  }

  forward(x: tf.Tensor4D, selection: Selection, training: boolean): tf.Tensor2D {
    const widthNames = this.space.widths.map(String);
    let h = this.stemBn.forward(this.stemConv.forward(x), training);
    this.layers.forEach((ops, l) => {
      const input = h;
      const stride = this.space.reductions.includes(l) ? 2 : 1;
      const terms = mixTerms(
        selection['op']?.[l],
        this.space.ops,
        (name) => lookup(ops, name, `chain layer ${l}`)?.forward(input, training) ?? null,
      );
      const [n, hh, ww] = input.shape;
      const y = sumTerms(terms, () => tf.zeros([n, Math.ceil(hh / stride), Math.ceil(ww / stride), this.maxWidth]));
      const masks = mixTerms(selection['width']?.[l], widthNames, (name) => this.widthMask(Number(name)));
      h = tf.mul(
        y,
        sumTerms(masks, () => this.widthMask(0)),
      );
    });
    return this.classifier.forward(h.mean([1, 2]) as tf.Tensor2D);
  }

  /** `[1, 1, 1, maxWidth]` with ones on the first `width` channels. */
  private widthMask(width: number): tf.Tensor4D {
    const values = Array.from({ length: this.maxWidth }, (_, c) => (c < width ? 1 : 0));
    return tf.tensor4d(values, [1, 1, 1, this.maxWidth]);
  }
}
