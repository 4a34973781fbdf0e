import type * as tf from '@tensorflow/tfjs';
import type { HierarchicalSkeleton } from '../../supernets/hierarchical.js';
import type { HierarchicalSpace } from '../space/api.js';
import { BatchNorm } from '../ops/batch-norm.js';
import { SepConv } from '../ops/blocks.js';
import { Conv, Linear } from '../ops/conv.js';
import type { SeedStream } from '../ops/init.js';
import { Module } from '../ops/module.js';
import type { Selection } from './api.js';
import { Motif, type MotifEdgeOptions } from './motif.js';
import { withSharedRelu } from '../ops/shared-relu.js';

/**
 * See `HierarchicalSkeleton`: stem, stages of top-motif cells joined by
 * stride-2 separable convs, classifier. The search supernet (every option on
 * every motif edge) and the stand-alone network of a genotype (`edgeOptions`:
 * its options only, as Liu et al. 2018 assemble the evaluation network from
 * the found motifs) are this one network.
 */
export class HierarchicalNetwork extends Module {
  private readonly stemConv: Conv;
  private readonly stemBn: BatchNorm;
  private readonly body: (Motif | SepConv)[] = [];
  private readonly classifier: Linear;

  constructor(
    space: HierarchicalSpace,
    skeleton: HierarchicalSkeleton,
    affine: boolean,
    seeds: SeedStream,
    edgeOptions?: MotifEdgeOptions,
  ) {
    super();
    const top = space.levels.length + 1;
    let width = skeleton.channels;
    this.stemConv = this.addModule('stem.conv', new Conv({ cIn: skeleton.inputChannels, cOut: width, kernel: 3 }, seeds));
    this.stemBn = this.addModule('stem.bn', new BatchNorm(width, true));
    let index = 0;
    for (let stage = 0; stage < 3; stage++) {
      if (stage > 0) {
        this.body.push(this.addModule(`cells.${index++}`, new SepConv(width, width * 2, 3, 2, true, seeds)));
        width *= 2;
      }
      for (let i = 0; i < skeleton.cellsPerStage; i++) {
        this.body.push(this.addModule(`cells.${index++}`, new Motif(space, top, 0, width, affine, seeds, edgeOptions)));
      }
    }
    this.classifier = this.addModule('classifier', new Linear(width, skeleton.classes, true, seeds));
  }

  forward(x: tf.Tensor4D, selection: Selection, training: boolean): tf.Tensor2D {
    // A motif's node feeds several edges whose conv ops start with a ReLU of it: one (src/ops/shared-relu.ts).
    return withSharedRelu(() => this.run(x, selection, training));
  }

  private run(x: tf.Tensor4D, selection: Selection, training: boolean): tf.Tensor2D {
    let h = this.stemBn.forward(this.stemConv.forward(x), training);
    for (const part of this.body) {
      h = part instanceof Motif ? part.forward(h, selection, training) : part.forward(h, training);
    }
    return this.classifier.forward(h.mean([1, 2]) as tf.Tensor2D);
  }
}
