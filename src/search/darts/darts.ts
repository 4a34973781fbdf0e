import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../../data/api.js';
import type { Genotype } from '../../space/api.js';
import { deriveGenotype } from '../../space/index.js';
import type { Supernet } from '../../supernet/api.js';
import type { SearchContext, StepMetrics, Strategy } from '../api.js';
import { gradsOf } from '../grads.js';
import { accuracy, crossEntropy } from '../loss.js';
import { Adam, SgdMomentum, clipGradNorm, cosineLr } from '../optim/index.js';
import { DARTS_DEFAULTS, type DartsOptions } from './options.js';
import { unrolledArchGrads } from './unrolled.js';

interface Bound {
  readonly supernet: Supernet;
  readonly context: SearchContext;
  readonly weights: SgdMomentum;
  readonly arch: Adam;
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
    this.bound = {
      supernet,
      context,
      weights: new SgdMomentum(supernet.weightVariables(), { momentum: o.momentum, weightDecay: o.weightDecay }),
      arch: new Adam(supernet.archVariables(), {
        beta1: o.archBeta1,
        beta2: o.archBeta2,
        weightDecay: o.archWeightDecay,
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
    const { supernet, arch, weights } = this.b;
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
    const { loss, acc } = this.descend(val, alphas, (grads) => arch.apply(grads, this.options.archLr));
    return { valLoss: loss, valAcc: acc };
  }

  private weightStep(train: Batch): Pick<StepMetrics, 'trainLoss' | 'trainAcc'> {
    const { supernet, weights } = this.b;
    const { loss, acc } = this.descend(
      train,
      supernet.weightVariables(),
      (grads) => {
        const clipped = clipGradNorm(grads, this.options.gradClip);
        weights.apply(clipped.grads, this.learningRate);
        tf.dispose(clipped.grads);
      },
    );
    return { trainLoss: loss, trainAcc: acc };
  }

  /** Loss, accuracy and one optimizer update of `vars` on a batch through the relaxed supernet. */
  private descend(
    batch: Batch,
    vars: readonly tf.Variable[],
    update: (grads: tf.Tensor[]) => void,
  ): { loss: number; acc: number } {
    const { supernet } = this.b;
    let logits: tf.Tensor2D | null = null;
    const { value, grads } = tf.tidy(() => {
      const out = gradsOf(() => {
        logits = tf.keep(supernet.forward(batch.x, { kind: 'relaxed' }));
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

  endEpoch(_epoch: number): void {
    // DARTS steps its schedule at the start of each epoch (beginEpoch).
  }

  derive(): Genotype {
    return deriveGenotype(this.b.supernet.space, this.b.supernet.archWeights());
  }

  slots(): [string, tf.Variable][] {
    const prefix = (p: string, slots: [string, tf.Variable][]) => slots.map(([n, v]): [string, tf.Variable] => [`${p}.${n}`, v]);
    return [...prefix('optim.weights', this.b.weights.slots()), ...prefix('optim.arch', this.b.arch.slots())];
  }

  state(): DartsState {
    return { epoch: this.epoch, weights: this.b.weights.state(), arch: this.b.arch.state() };
  }

  restore(state: unknown, slots: ReadonlyMap<string, tf.Tensor>): void {
    const s = state as DartsState;
    const strip = (prefix: string) =>
      new Map([...slots].flatMap(([n, t]) => (n.startsWith(`${prefix}.`) ? [[n.slice(prefix.length + 1), t] as const] : [])));
    this.epoch = s.epoch;
    this.b.weights.restore(s.weights, strip('optim.weights'));
    this.b.arch.restore(s.arch, strip('optim.arch'));
  }

  dispose(): void {
    this.bound?.weights.dispose();
    this.bound?.arch.dispose();
    this.bound = null;
  }
}
