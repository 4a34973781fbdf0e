import type * as tf from '@tensorflow/tfjs';
import type { Skeleton } from '../../supernets/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import { SeedStream } from '../ops/init.js';
import type { Module } from '../ops/module.js';
import type { Selection } from './api.js';
import { fixedParts, type FixedNetworkOptions } from './fixed-parts.js';
import type { SelectionNetwork } from './supernet-base.js';

export type { FixedNetworkOptions } from './fixed-parts.js';

/**
 * The stand-alone network of one genotype of any space (the one factory of
 * stand-alone networks: retraining, export and the network objectives build
 * them here). Only the genotype's options exist, built by the space's own
 * network class and named as in the supernet (cells for DARTS and NB201, the
 * layer chain for the chain space, motifs assembled into cells for the
 * hierarchical space, Liu et al. 2018), so `copyWeights(supernet.network,
 * fixed.network)` gives it the supernet's shared weights where shapes agree.
 * A chain genotype's layers are built at its widths; see `ChainNetwork`.
 */
export class FixedNetwork {
  readonly network: SelectionNetwork;
  private readonly selection: Selection;

  constructor(
    readonly space: SearchSpace,
    readonly skeleton: Skeleton,
    readonly genotype: Genotype,
    options: FixedNetworkOptions = {},
  ) {
    ({ network: this.network, selection: this.selection } = fixedParts(
      space,
      skeleton,
      genotype,
      options,
      new SeedStream(options.seed ?? 0),
    ));
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
