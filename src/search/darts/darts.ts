import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../../data/api.js';
import { supernetEdges } from '../../space/index.js';
import { NasError } from '../../errors.js';
import type { ForwardMode, Supernet } from '../../supernet/api.js';
import type { SearchContext } from '../api.js';
import { slotOf } from '../state.js';
import { DifferentiableStrategy, type StepTensors } from './differentiable.js';
import { DARTS_DEFAULTS, type DartsOptions } from './options.js';
import { unrolledArchGrads } from './unrolled.js';
import { readTogether } from '../../train/read-back.js';

/** Edge normalisation: per decision group, one parameter per row, and each row's node as a same-node indicator matrix. */
interface EdgeParameters {
  readonly group: string;
  readonly beta: tf.Variable;
  readonly sameNode: tf.Tensor2D;
}

/** Edge parameters (zeros: uniform) for a cell space's groups; rows are supernet edges. */
function edgeParameters(supernet: Supernet): EdgeParameters[] {
  const space = supernet.space;
  if (space.kind !== 'cell') throw new NasError(`edge normalisation needs a cell space, not the ${space.kind} space '${space.name}'`);
  const to = supernetEdges(space).map((e) => e.to);
  return supernet.decisions().map((g) => ({
    group: g.name,
    beta: tf.tidy(() => tf.variable(tf.zeros([g.rows]), true)),
    sameNode: tf.tensor2d(
      to.flatMap((a) => to.map((b) => (a === b ? 1 : 0))),
      [to.length, to.length],
    ),
  }));
}

/** Each row's weight: softmax of the edge parameters over the rows into the same node. */
function normalisedEdges(beta: tf.Variable, sameNode: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const e = tf.exp(tf.sub(beta, tf.max(beta)));
    return tf.div(e, tf.matMul(sameNode, e.reshape([-1, 1])).reshape([-1])) as tf.Tensor1D;
  });
}

/**
 * DARTS (Liu, Simonyan & Yang 2019): alternate an architecture step on the
 * val batch (first order, or the unrolled second-order approximation) and a
 * weight step on the train batch, both through the supernet's relaxed mode;
 * derive with the DARTS rule. Hyper-parameters default to the paper's.
 * With `edgeNormalization`, PC-DARTS's edge weights (Xu et al. 2020).
 */
export class Darts extends DifferentiableStrategy<DartsOptions> {
  readonly name = 'darts';
  protected override readonly zeroFill = true;
  private edges: EdgeParameters[] = [];

  constructor(options: Partial<DartsOptions> = {}) {
    super({ ...DARTS_DEFAULTS, ...options });
  }

  protected override ownArchVariables(supernet: Supernet): tf.Variable[] {
    this.edges = this.options.edgeNormalization ? edgeParameters(supernet) : [];
    return this.edges.map((e) => e.beta);
  }

  override setup(supernet: Supernet, context: SearchContext): void {
    if (this.options.edgeNormalization && this.options.order === 2)
      throw new NasError('edge normalisation (partial channels) works with first-order DARTS only; drop --order 2');
    super.setup(supernet, context);
  }

  protected override archStep(train: Batch, val: Batch): Partial<StepTensors<'valLoss' | 'valAcc'>> {
    if (this.options.order === 1) return super.archStep(train, val);
    const { supernet } = this.b;
    const { arch, weights } = this.b.optim.all;
    const slots = new Map(weights.slots());
    const { grads, valLoss } = unrolledArchGrads(supernet, train, val, {
      lr: this.options.unrolledLr ?? this.learningRate,
      momentum: this.options.momentum,
      weightDecay: this.options.weightDecay,
      momentumBuffers: supernet.weightVariables().map((_, i) => (weights.steps > 0 ? (slots.get(`momentum.${i}`) ?? null) : null)),
    });
    try {
      arch.apply(grads, this.options.archLr);
    } catch (error) {
      valLoss.dispose();
      throw error;
    } finally {
      tf.dispose(grads);
    }
    return { valLoss };
  }

  /** The relaxation: softmax(alpha), times each edge's normalised weight with edge normalisation. */
  protected mode(): ForwardMode {
    const { supernet } = this.b;
    if (this.edges.length === 0) return { kind: 'relaxed' };
    const weights: Record<string, tf.Tensor2D> = {};
    const rowScales: Record<string, tf.Tensor1D> = {};
    for (const { group, beta, sameNode } of this.edges) {
      weights[group] = tf.softmax(supernet.alpha(group)) as tf.Tensor2D;
      rowScales[group] = normalisedEdges(beta, sameNode);
    }
    return { kind: 'weights', weights, rowScales };
  }

  /** The DARTS rule on softmax(alpha), each row scaled by its edge weight under edge normalisation (PC-DARTS). */
  protected override async architectureWeights(): Promise<Record<string, number[][]>> {
    const weights = await this.b.supernet.archWeights();
    const scales = await readTogether(
      this.edges.map(({ beta, sameNode }) => normalisedEdges(beta, sameNode)),
      { dispose: true },
    );
    this.edges.forEach(({ group }, i) => {
      const scale = scales[i]!;
      weights[group] = (weights[group] ?? []).map((row, r) => row.map((w) => w * scale[r]!));
    });
    return weights;
  }

  override slots(): [string, tf.Variable][] {
    return [...super.slots(), ...this.edges.map((e): [string, tf.Variable] => [`edges.${e.group}`, e.beta])];
  }

  override restore(state: unknown, slots: ReadonlyMap<string, tf.Tensor>): void {
    super.restore(state, slots);
    for (const { group, beta } of this.edges) beta.assign(slotOf(slots, `edges.${group}`, this.name));
  }

  override dispose(): void {
    super.dispose();
    for (const e of this.edges) tf.dispose([e.beta, e.sameNode]);
    this.edges = [];
  }
}
