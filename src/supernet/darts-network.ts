import type * as tf from '@tensorflow/tfjs';
import type { DartsSkeleton } from '../../supernets/darts.js';
import { dartsReductionLayers } from '../../supernets/darts.js';
import type { CellSpace, CellType } from '../space/api.js';
import { BatchNorm } from '../ops/batch-norm.js';
import { FactorizedReduce, ReLUConvBN } from '../ops/blocks.js';
import { Conv, Linear } from '../ops/conv.js';
import { Module, type Op } from '../ops/module.js';
import type { SeedStream } from '../ops/init.js';
import type { RowChoice, Selection } from './api.js';
import { recompute } from './recompute.js';
import { AuxiliaryHead } from '../ops/auxiliary-head.js';
import { Cell } from './cell.js';
import { withSharedRelu } from '../ops/shared-relu.js';
import type { NetworkOptions } from './network.js';

interface StackedCell {
  readonly type: CellType;
  /** The cell with its two preprocessing ops, as one module (for recomputation). */
  readonly group: Module;
  readonly pre0: Op;
  readonly pre1: Op;
  readonly cell: Cell;
}

/** A view of a cell and its preprocessing as one module (owning nothing: `dispose` is the network's). */
class CellGroup extends Module {
  constructor(private readonly members: readonly Module[]) {
    super();
  }

  override namedParameters(prefix = ''): [string, tf.Variable][] {
    return this.members.flatMap((m, i) => m.namedParameters(`${prefix}${i}.`));
  }

  override namedBuffers(prefix = ''): [string, tf.Variable][] {
    return this.members.flatMap((m, i) => m.namedBuffers(`${prefix}${i}.`));
  }

  override dispose(): void {}
}

/** The DARTS network over a two-input cell space; see `DartsSkeleton`. */
export class DartsNetwork extends Module {
  private readonly stemConv: Conv;
  private readonly stemBn: BatchNorm;
  private readonly cells: StackedCell[] = [];
  private readonly classifier: Linear;
  private readonly recomputeCells: boolean;
  /** The auxiliary head and the index of the cell it follows (DARTS: 2 * layers / 3). */
  private readonly auxiliary: { readonly head: AuxiliaryHead; readonly after: number } | null = null;

  constructor(space: CellSpace, skeleton: DartsSkeleton, options: NetworkOptions, seeds: SeedStream) {
    super();
    this.recomputeCells = options.recomputeCells ?? false;
    if (space.inputs !== 2) throw new Error(`the DARTS network stacks two-input cells; space '${space.name}' has ${space.inputs}`);
    const { channels: c, layers, stemMultiplier, inputChannels } = skeleton;
    const stem = stemMultiplier * c;
    this.stemConv = this.addModule('stem.conv', new Conv({ cIn: inputChannels, cOut: stem, kernel: 3 }, seeds));
    this.stemBn = this.addModule('stem.bn', new BatchNorm(stem, skeleton.affineStem));
    const reductions = dartsReductionLayers(layers);
    const outputs = space.output === 'last-node' ? 1 : space.nodes;
    let [cPrevPrev, cPrev, cCurr, reductionPrev] = [stem, stem, c, false];
    const auxAfter = Math.floor((2 * layers) / 3);
    if (options.auxiliary && options.inputSize === undefined) throw new Error('an auxiliary head needs the input size');
    let mapSize = options.inputSize ?? 0;
    for (let i = 0; i < layers; i++) {
      const reduction = reductions.includes(i);
      if (reduction) cCurr *= 2;
      const type: CellType = reduction ? 'reduce' : 'normal';
      const { affine, poolBn } = options;
      const pre0 = reductionPrev
        ? new FactorizedReduce(cPrevPrev, cCurr, affine, seeds)
        : new ReLUConvBN(cPrevPrev, cCurr, 1, 1, affine, seeds);
      const pre1 = new ReLUConvBN(cPrev, cCurr, 1, 1, affine, seeds);
      const cell = new Cell(
        {
          space,
          type,
          channels: cCurr,
          reduction,
          edgeOps: (e) => options.edgeOps(type, e),
          affine,
          poolBn,
          ...(options.dropPath ? { dropPath: options.dropPath } : {}),
          ...(options.partialChannels ? { partialChannels: options.partialChannels } : {}),
        },
        seeds,
      );
      this.cells.push({
        type,
        group: new CellGroup([pre0, pre1, cell]),
        pre0: this.addModule(`cells.${i}.pre0`, pre0),
        pre1: this.addModule(`cells.${i}.pre1`, pre1),
        cell: this.addModule(`cells.${i}`, cell),
      });
      [cPrevPrev, cPrev, reductionPrev] = [cPrev, outputs * cCurr, reduction];
      if (reduction) mapSize = Math.ceil(mapSize / 2);
      if (options.auxiliary && i === auxAfter) {
        this.auxiliary = { head: this.addModule('auxiliary', new AuxiliaryHead(cPrev, mapSize, skeleton.classes, seeds)), after: i };
      }
    }
    this.classifier = this.addModule('classifier', new Linear(cPrev, skeleton.classes, skeleton.classifierBias, seeds));
  }

  /** Cell types in stacking order. */
  cellTypes(): CellType[] {
    return this.cells.map((c) => c.type);
  }

  forward(x: tf.Tensor4D, selection: Selection, training: boolean): tf.Tensor2D {
    return this.run(x, selection, training, false).logits;
  }

  forwardWithAux(x: tf.Tensor4D, selection: Selection, training: boolean): { logits: tf.Tensor2D; aux: tf.Tensor2D | null } {
    return this.run(x, selection, training, training);
  }

  private run(x: tf.Tensor4D, selection: Selection, training: boolean, withAux: boolean): { logits: tf.Tensor2D; aux: tf.Tensor2D | null } {
    // A cell's output is the next two cells' preprocessing input: one ReLU for both (src/ops/shared-relu.ts). Not across
    // recomputed cells, whose forward passes run untaped inside their own gradient functions.
    const cells = () => this.runCells(x, selection, training, withAux);
    return this.recomputeCells && training ? cells() : withSharedRelu(cells);
  }

  private runCells(
    x: tf.Tensor4D,
    selection: Selection,
    training: boolean,
    withAux: boolean,
  ): { logits: tf.Tensor2D; aux: tf.Tensor2D | null } {
    let s0 = this.stemBn.forward(this.stemConv.forward(x), training);
    let s1 = s0;
    let aux: tf.Tensor2D | null = null;
    for (const [i, stacked] of this.cells.entries()) {
      const chosen = selection[stacked.type];
      if (!chosen) throw new Error(`no selection for the ${stacked.type} cells`);
      const { pre0, pre1, cell } = stacked;
      const run = (a: tf.Tensor4D, b: tf.Tensor4D, rows: readonly RowChoice[]) =>
        cell.forward([pre0.forward(a, training), pre1.forward(b, training)], rows, training);
      const out = this.recomputeCells && training ? recompute(stacked.group, [s0, s1], chosen, run) : run(s0, s1, chosen);
      [s0, s1] = [s1, out];
      if (withAux && this.auxiliary?.after === i) aux = this.auxiliary.head.forward(s1, training);
    }
    return { logits: this.classifier.forward(s1.mean([1, 2]) as tf.Tensor2D), aux };
  }
}
