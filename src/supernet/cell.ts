import * as tf from '@tensorflow/tfjs';
import type { CellSpace, CellType } from '../space/api.js';
import { supernetEdges } from '../space/index.js';
import { Module, type Op } from '../ops/module.js';
import { createOp } from '../ops/registry.js';
import type { SeedStream } from '../ops/init.js';
import type { RowChoice } from './api.js';
import { lookup, mixTerms, sumTerms } from './mix.js';
import type { DropPath } from './drop-path.js';
import { Identity } from '../ops/blocks.js';

export interface CellConfig {
  readonly space: CellSpace;
  readonly type: CellType;
  /** Width of every node inside the cell. */
  readonly channels: number;
  /** Edges leaving the input nodes halve the resolution. */
  readonly reduction: boolean;
  /** The ops that exist on each supernet edge: all of the space's for a supernet, the chosen ones for a fixed network. */
  readonly edgeOps: (edge: number) => readonly string[];
  readonly affine: boolean;
  readonly poolBn: boolean;
  /** Drop-path of a retrained network (see `DropPath`); absent in supernets. */
  readonly dropPath?: DropPath;
}

/**
 * One cell: a DAG whose edges hold candidate ops, shared by the supernet
 * (every op on every edge) and stand-alone networks (the genotype's ops),
 * with the same parameter names (`edges.<edge>.<op>`), so weights carry
 * over by name. Which ops run, and with what weight, is the caller's choice
 * per edge (one `RowChoice` per supernet edge).
 */
export class Cell extends Module {
  private readonly ops: Map<string, Op | null>[];
  private readonly incoming: number[][];
  private readonly edges: readonly { readonly from: number; readonly to: number }[];

  constructor(
    private readonly config: CellConfig,
    seeds: SeedStream,
  ) {
    super();
    const { space, channels, reduction, affine, poolBn } = config;
    this.edges = supernetEdges(space);
    this.incoming = Array.from({ length: space.inputs + space.nodes }, () => [] as number[]);
    this.ops = this.edges.map((edge, e) => {
      this.incoming[edge.to]?.push(e);
      const stride = reduction && edge.from < space.inputs ? 2 : 1;
      const spec = { cIn: channels, cOut: channels, stride, affine, poolBn };
      const onEdge = new Map<string, Op | null>();
      for (const name of config.edgeOps(e)) {
        const op = createOp(name, spec, seeds);
        if (op) this.addModule(`edges.${e}.${name}`, op);
        onEdge.set(name, op);
      }
      return onEdge;
    });
  }

  /** Run the cell on its (preprocessed) input nodes. */
  forward(inputs: readonly tf.Tensor4D[], selection: readonly RowChoice[], training: boolean): tf.Tensor4D {
    const { space } = this.config;
    const states: tf.Tensor4D[] = [...inputs];
    for (let node = space.inputs; node < space.inputs + space.nodes; node++) {
      const terms = (this.incoming[node] ?? []).flatMap((e) =>
        mixTerms(selection[e], space.ops, (name) => {
          const op = lookup(this.ops[e]!, name, `cell edge ${e}`);
          return op ? this.dropped(op, op.forward(states[this.edges[e]!.from]!, training), training) : null;
        }),
      );
      states.push(sumTerms(terms, () => this.zeroNode(inputs)));
    }
    if (space.output === 'last-node') return states[states.length - 1]!;
    return tf.concat(states.slice(space.inputs), 3);
  }

  /** An op's output after drop-path (training only; identities are never dropped, as in DARTS). */
  private dropped(op: Op, y: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const dropPath = this.config.dropPath;
    if (!training || dropPath === undefined || dropPath.prob === 0 || op instanceof Identity) return y;
    return tf.mul(y, dropPath.mask(y.shape[0]));
  }

  /** A node with no active input edge is zero (its shape is what its edges would produce). */
  private zeroNode(inputs: readonly tf.Tensor4D[]): tf.Tensor4D {
    const [n, h, w] = inputs[0]!.shape;
    const s = this.config.reduction ? 2 : 1;
    return tf.zeros([n, Math.ceil(h / s), Math.ceil(w / s), this.config.channels]);
  }
}
