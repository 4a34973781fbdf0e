import type * as tf from '@tensorflow/tfjs';
import type { CellSkeleton } from '../../supernets/index.js';
import type { CellArchitecture, CellSpace, CellType } from '../space/api.js';
import { SeedStream } from '../ops/init.js';
import type { Module } from '../ops/module.js';
import type { Selection } from './api.js';
import { buildCellNetwork, type CellNetwork } from './network.js';
import { genotypeEdgeOps, genotypeRows } from './selection.js';
import type { DropPath } from './drop-path.js';

export interface FixedNetworkOptions {
  readonly seed?: number | string;
  /** Learnable BN scale/shift in cells: true for retraining, false to mirror the search supernet. */
  readonly affine?: boolean;
  /** BN after pooling ops (true to mirror the DARTS search supernet exactly). */
  readonly poolBn?: boolean;
  /** Drop-path in the cells while training (DARTS evaluation recipe). */
  readonly dropPath?: DropPath;
  /** An auxiliary head (DARTS skeleton only); needs `inputSize`. */
  readonly auxiliary?: boolean;
  /** Input height (= width), for the auxiliary head. */
  readonly inputSize?: number;
}

/**
 * The stand-alone network of one cell genotype: only the chosen ops exist,
 * named as in the supernet, so `copyWeights(supernet.network, fixed.network)`
 * gives it the supernet's shared weights.
 */
export class FixedNetwork {
  readonly network: CellNetwork;
  private readonly selection: Selection;

  constructor(
    readonly space: CellSpace,
    readonly skeleton: CellSkeleton,
    readonly genotype: CellArchitecture,
    options: FixedNetworkOptions = {},
  ) {
    const opsByType = new Map<CellType, string[][]>();
    const selection: Record<string, ReturnType<typeof genotypeRows>> = {};
    for (const type of space.cellTypes) {
      const cell = genotype.cells[type];
      if (!cell) throw new Error(`the genotype has no ${type} cell`);
      opsByType.set(
        type,
        genotypeEdgeOps(space, cell).map((ops) => ops.map((k) => space.ops[k]!)),
      );
      selection[type] = genotypeRows(space, cell);
    }
    this.selection = selection;
    this.network = buildCellNetwork(
      space,
      skeleton,
      {
        edgeOps: (type, e) => opsByType.get(type)?.[e] ?? [],
        affine: options.affine ?? true,
        poolBn: options.poolBn ?? false,
        ...(options.dropPath ? { dropPath: options.dropPath } : {}),
        ...(options.auxiliary ? { auxiliary: true } : {}),
        ...(options.inputSize !== undefined ? { inputSize: options.inputSize } : {}),
      },
      new SeedStream(options.seed ?? 0),
    );
  }

  forward(x: tf.Tensor4D, training = true): tf.Tensor2D {
    return this.network.forward(x, this.selection, training);
  }

  /** Logits and, while training a network with an auxiliary head, the head's logits. */
  forwardWithAux(x: tf.Tensor4D, training = true): { logits: tf.Tensor2D; aux: tf.Tensor2D | null } {
    return this.network.forwardWithAux?.(x, this.selection, training) ?? { logits: this.forward(x, training), aux: null };
  }

  /** Trainable scalars outside the auxiliary head (what papers report as the network's size). */
  mainParameterCount(): number {
    return this.network.namedParameters().reduce((n, [name, v]) => (name.startsWith('auxiliary.') ? n : n + v.size), 0);
  }

  dispose(): void {
    this.network.dispose();
  }
}

/**
 * Copy every parameter and buffer of `to` from the same-named one in `from`
 * (weight inheritance from a supernet). A missing name or a shape mismatch is
 * an error; returns how many tensors were copied.
 */
export function copyWeights(from: Module, to: Module): number {
  const source = new Map([...from.namedParameters(), ...from.namedBuffers()]);
  let copied = 0;
  for (const [name, target] of [...to.namedParameters(), ...to.namedBuffers()]) {
    const value = source.get(name);
    if (!value) throw new Error(`no weight named '${name}' to copy from`);
    if (value.shape.join() !== target.shape.join()) {
      throw new Error(`weight '${name}' has shape [${value.shape}] in the source, [${target.shape}] in the target`);
    }
    target.assign(value);
    copied++;
  }
  return copied;
}
