import * as tf from '@tensorflow/tfjs';
import type { Nb201Skeleton } from '../../supernets/nb201.js';
import type { CellSpace } from '../space/api.js';
import { BatchNorm } from '../ops/batch-norm.js';
import { ReLUConvBN } from '../ops/blocks.js';
import { Conv, Linear } from '../ops/conv.js';
import { Module, Op } from '../ops/module.js';
import type { SeedStream } from '../ops/init.js';
import type { Selection } from './api.js';
import { Cell } from './cell.js';
import type { NetworkOptions } from './network.js';

/**
 * NAS-Bench-201's residual reduction block: ReLU-Conv-BN (3x3, stride 2),
 * ReLU-Conv-BN (3x3), plus a shortcut of 2x2 average pooling and a 1x1 conv.
 */
class ResidualReduction extends Op {
  private readonly a: ReLUConvBN;
  private readonly b: ReLUConvBN;
  private readonly shortcut: Conv;

  constructor(cIn: number, cOut: number, seeds: SeedStream) {
    super();
    this.a = this.addModule('conv_a', new ReLUConvBN(cIn, cOut, 3, 2, true, seeds));
    this.b = this.addModule('conv_b', new ReLUConvBN(cOut, cOut, 3, 1, true, seeds));
    this.shortcut = this.addModule('downsample', new Conv({ cIn, cOut, kernel: 1 }, seeds));
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const residual = this.shortcut.forward(tf.avgPool(x, 2, 2, 'same'));
    return tf.add(residual, this.b.forward(this.a.forward(x, training), training));
  }
}

/** The NAS-Bench-201 network over a one-input cell space; see `Nb201Skeleton`. */
export class Nb201Network extends Module {
  private readonly stemConv: Conv;
  private readonly stemBn: BatchNorm;
  private readonly body: ({ kind: 'cell'; cell: Cell } | { kind: 'block'; block: ResidualReduction })[] = [];
  private readonly lastBn: BatchNorm;
  private readonly classifier: Linear;

  constructor(space: CellSpace, skeleton: Nb201Skeleton, options: NetworkOptions, seeds: SeedStream) {
    super();
    if (space.inputs !== 1 || space.output !== 'last-node') {
      throw new Error(`the NAS-Bench-201 network stacks one-input cells ending in their last node; '${space.name}' is not one`);
    }
    const c = skeleton.channels;
    this.stemConv = this.addModule('stem.conv', new Conv({ cIn: skeleton.inputChannels, cOut: c, kernel: 3 }, seeds));
    this.stemBn = this.addModule('stem.bn', new BatchNorm(c, true));
    let width = c;
    let index = 0;
    for (let stage = 0; stage < 3; stage++) {
      if (stage > 0) {
        const block = this.addModule(`cells.${index++}`, new ResidualReduction(width, width * 2, seeds));
        this.body.push({ kind: 'block', block });
        width *= 2;
      }
      for (let i = 0; i < skeleton.cellsPerStage; i++) {
        const cellConfig = {
          space,
          type: 'normal' as const,
          channels: width,
          reduction: false,
          edgeOps: (e: number) => options.edgeOps('normal', e),
          affine: options.affine,
          poolBn: options.poolBn,
          ...(options.dropPath ? { dropPath: options.dropPath } : {}),
          ...(options.partialChannels ? { partialChannels: options.partialChannels } : {}),
        };
        this.body.push({ kind: 'cell', cell: this.addModule(`cells.${index++}`, new Cell(cellConfig, seeds)) });
      }
    }
    this.lastBn = this.addModule('lastact.bn', new BatchNorm(width, true));
    this.classifier = this.addModule('classifier', new Linear(width, skeleton.classes, true, seeds));
  }

  forward(x: tf.Tensor4D, selection: Selection, training: boolean): tf.Tensor2D {
    const chosen = selection.normal;
    if (!chosen) throw new Error('no selection for the normal cells');
    let h = this.stemBn.forward(this.stemConv.forward(x), training);
    for (const part of this.body) {
      h = part.kind === 'cell' ? part.cell.forward([h], chosen, training) : part.block.forward(h, training);
    }
    const features = tf.relu(this.lastBn.forward(h, training)).mean([1, 2]) as tf.Tensor2D;
    return this.classifier.forward(features);
  }
}
