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
import { withSharedRelu } from '../ops/shared-relu.js';
import { NasError } from '../errors.js';
import { fusedWeightedSum, fusedWeightedSumAvailable } from '../kernels/webgpu/weighted-sum.js';

/**
 * PC-DARTS's channel shuffle with `groups` groups (NHWC): channel
 * `g * (C / groups) + i` moves to `i * groups + g`, so the channels that
 * bypassed an edge's ops take their turn through them on the next edge.
 */
export function channelShuffle(x: tf.Tensor4D, groups: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.reshape(tf.transpose(tf.reshape(x, [n, h, w, groups, c / groups]), [0, 1, 2, 4, 3]), [n, h, w, c]);
}

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
  /**
   * PC-DARTS partial channels (Xu et al. 2020): each edge's ops see only the
   * first `channels / K` channels; the rest bypass them and are shuffled
   * back in. 1 (default) is off.
   */
  readonly partialChannels?: number;
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
  private readonly partial: number;

  constructor(
    private readonly config: CellConfig,
    seeds: SeedStream,
  ) {
    super();
    const { space, channels, reduction, affine, poolBn } = config;
    const k = config.partialChannels ?? 1;
    if (!Number.isInteger(k) || k < 1 || channels % k !== 0) {
      throw new NasError(`partial channels K=${k} must be a positive integer dividing the cell's ${channels} channels`);
    }
    this.partial = k;
    this.edges = supernetEdges(space);
    this.incoming = Array.from({ length: space.inputs + space.nodes }, () => [] as number[]);
    this.ops = this.edges.map((edge, e) => {
      this.incoming[edge.to]?.push(e);
      const stride = reduction && edge.from < space.inputs ? 2 : 1;
      const spec = { cIn: channels / k, cOut: channels / k, stride, affine, poolBn };
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
    // The ops on every edge leaving a state share its ReLU (src/ops/shared-relu.ts).
    return withSharedRelu(() => this.run(inputs, selection, training));
  }

  private run(inputs: readonly tf.Tensor4D[], selection: readonly RowChoice[], training: boolean): tf.Tensor4D {
    const { space } = this.config;
    const states: tf.Tensor4D[] = [...inputs];
    for (let node = space.inputs; node < space.inputs + space.nodes; node++) {
      const incoming = this.incoming[node] ?? [];
      const perEdge = this.partial > 1 || incoming.some((e) => selection[e]?.scale !== undefined);
      const fused = perEdge ? null : this.fusedNode(incoming, states, selection, training, () => this.zeroNode(inputs));
      if (fused !== null) {
        states.push(fused);
        continue;
      }
      const terms = perEdge
        ? incoming.flatMap((e) => this.edgeOutput(e, states[this.edges[e]!.from]!, selection[e], training) ?? [])
        : incoming.flatMap((e) => this.edgeTerms(e, states[this.edges[e]!.from]!, selection[e], training));
      states.push(sumTerms(terms, () => this.zeroNode(inputs)));
    }
    if (space.output === 'last-node') return states[states.length - 1]!;
    return tf.concat(states.slice(space.inputs), 3);
  }

  /**
   * A node's weighted sum over all its edges' ops in one kernel
   * (`fusedWeightedSum`, webgpu), where every edge's weights are entries of
   * one tensor (`source`); null where not (the caller sums terms). The terms
   * are summed in the same order as `sumTerms`.
   */
  private fusedNode(
    incoming: readonly number[],
    states: readonly tf.Tensor4D[],
    selection: readonly RowChoice[],
    training: boolean,
    zero: () => tf.Tensor4D,
  ): tf.Tensor4D | null {
    const choices = incoming.map((e) => selection[e]);
    const matrix = choices[0]?.source?.matrix;
    if (matrix === undefined || !fusedWeightedSumAvailable() || choices.some((c) => c?.source?.matrix !== matrix)) return null;
    const ys: tf.Tensor4D[] = [];
    const at: number[] = [];
    incoming.forEach((e, j) => {
      const choice = choices[j]!;
      choice.options.forEach((index, i) => {
        const op = lookup(this.ops[e]!, this.config.space.ops[index] ?? `#${index}`, `cell edge ${e}`);
        if (op === null) return;
        ys.push(this.dropped(op, op.forward(states[this.edges[e]!.from]!, training), training));
        at.push(choice.source!.at[i]!);
      });
    });
    return ys.length === 0 ? zero() : fusedWeightedSum(ys, matrix, at);
  }

  /** The weighted outputs of an edge's chosen ops on `x`. */
  private edgeTerms(e: number, x: tf.Tensor4D, choice: RowChoice | undefined, training: boolean): tf.Tensor4D[] {
    return mixTerms(choice, this.config.space.ops, (name) => {
      const op = lookup(this.ops[e]!, name, `cell edge ${e}`);
      return op ? this.dropped(op, op.forward(x, training), training) : null;
    });
  }

  /**
   * One edge's output as a whole: its op mixture, with partial channels the
   * mixture of the first C/K channels joined by the bypassed rest (max-pooled
   * on a reduction edge) and channel-shuffled, times the row's scale. Null
   * when no op of the edge runs.
   */
  private edgeOutput(e: number, x: tf.Tensor4D, choice: RowChoice | undefined, training: boolean): tf.Tensor4D | null {
    const k = this.partial;
    const width = x.shape[3] / k;
    const part = k > 1 ? (tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, width]) as tf.Tensor4D) : x;
    const terms = this.edgeTerms(e, part, choice, training);
    if (terms.length === 0) return null;
    let y = sumTerms(terms, () => part);
    if (k > 1) {
      let rest = tf.slice(x, [0, 0, 0, width], [-1, -1, -1, -1]) as tf.Tensor4D;
      if (this.config.reduction && this.edges[e]!.from < this.config.space.inputs) rest = tf.maxPool(rest, 2, 2, 'same');
      y = channelShuffle(tf.concat([y, rest], 3), k);
    }
    return choice?.scale ? (tf.mul(y, choice.scale) as tf.Tensor4D) : y;
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
