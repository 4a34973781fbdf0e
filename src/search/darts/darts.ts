import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../../data/api.js';
import type { Genotype } from '../../space/api.js';
import { deriveGenotype, supernetEdges } from '../../space/index.js';
import { NasError } from '../../errors.js';
import type { ForwardMode, Supernet } from '../../supernet/api.js';
import type { SearchContext, StepMetrics, Strategy } from '../api.js';
import { gradsOf } from '../../train/grads.js';
import { accuracy, crossEntropy } from '../../train/loss.js';
import { Adam, NamedOptimizers, SgdMomentum, clipGradNorm, cosineLr } from '../../train/optim/index.js';
import { DARTS_DEFAULTS, type DartsOptions } from './options.js';
import { unrolledArchGrads } from './unrolled.js';

interface Bound {
  readonly supernet: Supernet;
  readonly context: SearchContext;
  readonly optim: NamedOptimizers<{ weights: SgdMomentum; arch: Adam }>;
  /** Edge normalisation: per decision group, one parameter per row, and each row's node as a same-node indicator matrix. */
  readonly edges: readonly { readonly group: string; readonly beta: tf.Variable; readonly sameNode: tf.Tensor2D }[];
}

/** Edge parameters (zeros: uniform) for a cell space's groups; rows are supernet edges. */
function edgeParameters(supernet: Supernet): Bound['edges'] {
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

/** Plain state of a DARTS search beyond its tensors. */
interface DartsState {
  readonly epoch: number;
  readonly weights: { readonly steps: number };
  readonly arch: { readonly steps: number };
}

/**
 * DARTS (Liu, Simonyan & Yang 2019): alternate an architecture step on the
 * val batch (first order, or the unrolled second-order approximation) and a
 * weight step on the train batch, both through the supernet's relaxed mode;
 * derive with the DARTS rule. Hyper-parameters default to the paper's.
 */
export class Darts implements Strategy {
  readonly name = 'darts';
  readonly options: DartsOptions;
  private bound: Bound | null = null;
  private epoch = 0;

  constructor(options: Partial<DartsOptions> = {}) {
    this.options = { ...DARTS_DEFAULTS, ...options };
  }

  private get b(): Bound {
    if (!this.bound) throw new Error('DARTS strategy used before setup()');
    return this.bound;
  }

  setup(supernet: Supernet, context: SearchContext): void {
    const o = this.options;
    if (o.edgeNormalization && o.order === 2)
      throw new NasError('edge normalisation (partial channels) works with first-order DARTS only; drop --order 2');
    const edges = o.edgeNormalization ? edgeParameters(supernet) : [];
    this.bound = {
      supernet,
      context,
      edges,
      optim: new NamedOptimizers({
        weights: new SgdMomentum(supernet.weightVariables(), { momentum: o.momentum, weightDecay: o.weightDecay }),
        arch: new Adam([...supernet.archVariables(), ...edges.map((e) => e.beta)], {
          beta1: o.archBeta1,
          beta2: o.archBeta2,
          weightDecay: o.archWeightDecay,
        }),
      }),
    };
  }

  /** The weight learning rate of the current epoch (cosine from `weightLr` to `weightLrMin`). */
  get learningRate(): number {
    const o = this.options;
    return cosineLr(this.epoch, this.b.context.epochs, o.weightLr, o.weightLrMin);
  }

  beginEpoch(epoch: number): void {
    this.epoch = epoch;
  }

  step(train: Batch, val: Batch): StepMetrics {
    const arch = this.archStep(train, val);
    return { ...this.weightStep(train), ...arch };
  }

  private archStep(train: Batch, val: Batch): Pick<StepMetrics, 'valLoss' | 'valAcc'> {
    const { supernet } = this.b;
    const { arch, weights } = this.b.optim.all;
    const alphas = supernet.archVariables();
    if (this.options.order === 2) {
      const slots = new Map(weights.slots());
      const { grads, valLoss } = unrolledArchGrads(supernet, train, val, {
        lr: this.options.unrolledLr ?? this.learningRate,
        momentum: this.options.momentum,
        weightDecay: this.options.weightDecay,
        momentumBuffers: supernet.weightVariables().map((_, i) => (weights.steps > 0 ? (slots.get(`momentum.${i}`) ?? null) : null)),
      });
      arch.apply(grads, this.options.archLr);
      tf.dispose(grads);
      return { valLoss };
    }
    const archVars = [...alphas, ...this.b.edges.map((e) => e.beta)];
    const { loss, acc } = this.descend(val, archVars, (grads) => arch.apply(grads, this.options.archLr));
    return { valLoss: loss, valAcc: acc };
  }

  private weightStep(train: Batch): Pick<StepMetrics, 'trainLoss' | 'trainAcc'> {
    const { supernet } = this.b;
    const { weights } = this.b.optim.all;
    const { loss, acc } = this.descend(train, supernet.weightVariables(), (grads) => {
      const clipped = clipGradNorm(grads, this.options.gradClip);
      weights.apply(clipped.grads, this.learningRate);
      tf.dispose(clipped.grads);
    });
    return { trainLoss: loss, trainAcc: acc };
  }

  /** Loss, accuracy and one optimizer update of `vars` on a batch through the relaxed supernet. */
  private descend(batch: Batch, vars: readonly tf.Variable[], update: (grads: tf.Tensor[]) => void): { loss: number; acc: number } {
    const { supernet } = this.b;
    let logits: tf.Tensor2D | null = null;
    const { value, grads } = tf.tidy(() => {
      const out = gradsOf(() => {
        logits = tf.keep(supernet.forward(batch.x, this.mode()));
        return crossEntropy(logits, batch.y);
      }, vars);
      return { value: tf.keep(out.value), grads: out.grads.map((g, i) => tf.keep(g ?? tf.zerosLike(vars[i]!))) };
    });
    update(grads);
    const loss = value.dataSync()[0] ?? Number.NaN;
    const acc = logits ? accuracy(logits, batch.y) : Number.NaN;
    tf.dispose([value, ...grads, ...(logits ? [logits] : [])]);
    return { loss, acc };
  }

  /** The relaxation: softmax(alpha), times each edge's normalised weight with edge normalisation. Inside a gradient scope. */
  private mode(): ForwardMode {
    const { supernet, edges } = this.b;
    if (edges.length === 0) return { kind: 'relaxed' };
    const weights: Record<string, tf.Tensor2D> = {};
    const rowScales: Record<string, tf.Tensor1D> = {};
    for (const { group, beta, sameNode } of edges) {
      weights[group] = tf.softmax(supernet.alpha(group)) as tf.Tensor2D;
      rowScales[group] = normalisedEdges(beta, sameNode);
    }
    return { kind: 'weights', weights, rowScales };
  }

  endEpoch(_epoch: number): void {
    // DARTS steps its schedule at the start of each epoch (beginEpoch).
  }

  /** The DARTS rule on softmax(alpha), each row scaled by its edge weight under edge normalisation (PC-DARTS). */
  derive(): Genotype {
    const { supernet, edges } = this.b;
    const weights = supernet.archWeights();
    for (const { group, beta, sameNode } of edges) {
      const scale = tf.tidy(() => Array.from(normalisedEdges(beta, sameNode).dataSync()));
      weights[group] = (weights[group] ?? []).map((row, r) => row.map((w) => w * scale[r]!));
    }
    return deriveGenotype(supernet.space, weights);
  }

  slots(): [string, tf.Variable][] {
    return [...this.b.optim.slots(), ...this.b.edges.map((e): [string, tf.Variable] => [`edges.${e.group}`, e.beta])];
  }

  state(): DartsState {
    return { epoch: this.epoch, ...this.b.optim.state() };
  }

  restore(state: unknown, slots: ReadonlyMap<string, tf.Tensor>): void {
    const s = state as DartsState;
    this.epoch = s.epoch;
    this.b.optim.restore(s, slots);
    for (const { group, beta } of this.b.edges) {
      const value = slots.get(`edges.${group}`);
      if (value === undefined) throw new NasError(`DARTS checkpoint has no edge parameters 'edges.${group}'`);
      beta.assign(value);
    }
  }

  dispose(): void {
    this.bound?.optim.dispose();
    for (const e of this.bound?.edges ?? []) tf.dispose([e.beta, e.sameNode]);
    this.bound = null;
  }
}
