import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { Batch } from '../../data/api.js';
import { deriveGenotype } from '../../space/index.js';
import type { Genotype } from '../../space/api.js';
import type { ForwardMode, Supernet } from '../../supernet/api.js';
import { crossEntropy } from '../../train/loss.js';
import { Adam, NamedOptimizers } from '../../train/optim/index.js';
import { classifierStep, type Grads } from '../../train/step.js';
import { WeightTrainer } from '../../train/weight-trainer.js';
import type { SearchContext, StepMetrics, Strategy } from '../api.js';
import { optimizerStateSchema, parseState, progressStateSchema, roundedWeights } from '../state.js';
import type { DifferentiableOptions } from './options.js';

interface Bound {
  readonly supernet: Supernet;
  readonly context: SearchContext;
  readonly optim: NamedOptimizers<{ weights: WeightTrainer; arch: Adam }>;
}

/** Which half of the alternation a forward pass serves. */
export type Phase = 'arch' | 'weights';

/** The plain checkpoint state of a differentiable strategy (its tensors: the optimizers' slots). */
const differentiableState = progressStateSchema.extend({ weights: optimizerStateSchema, arch: optimizerStateSchema });
type DifferentiableState = z.output<typeof differentiableState>;

/**
 * What DARTS and its variants share (NASLib's template-method optimizers):
 * architecture parameters trained by Adam on the val batch and weights by
 * the weight trainer on the train batch, alternating each step (architecture
 * first, as in the DARTS code); derivation by the space's rule on the
 * architecture weights. A variant says how the supernet is run in each
 * phase (`mode`): DARTS relaxes every edge, GDAS samples one op per edge.
 */
export abstract class DifferentiableStrategy<O extends DifferentiableOptions> implements Strategy {
  abstract readonly name: string;
  readonly options: O;
  private bound: Bound | null = null;
  protected epoch = 0;
  /** Steps over the whole run (it seeds a variant's per-step draws). */
  protected stepCount = 0;
  /** Pass a zero gradient for a variable the loss did not reach (every op runs in the relaxation) instead of skipping it. */
  protected readonly zeroFill: boolean = false;

  constructor(options: O) {
    this.options = options;
  }

  protected get b(): Bound {
    if (!this.bound) throw new Error(`${this.name} strategy used before setup()`);
    return this.bound;
  }

  /** The supernet's forward mode for `phase`; called inside the gradient scope of each pass. */
  protected abstract mode(phase: Phase): ForwardMode;

  /** Architecture variables the strategy owns beside the supernet's alphas (made at setup; PC-DARTS's edge parameters). */
  protected ownArchVariables(_supernet: Supernet): tf.Variable[] {
    return [];
  }

  setup(supernet: Supernet, context: SearchContext): void {
    const o = this.options;
    const own = this.ownArchVariables(supernet);
    this.bound = {
      supernet,
      context,
      optim: new NamedOptimizers({
        weights: new WeightTrainer(supernet.weightVariables(), o),
        arch: new Adam([...supernet.archVariables(), ...own], { beta1: o.archBeta1, beta2: o.archBeta2, weightDecay: o.archWeightDecay }),
      }),
    };
  }

  /** The weight learning rate of the current epoch. */
  get learningRate(): number {
    return this.b.optim.all.weights.learningRate(this.epoch, this.b.context.epochs);
  }

  beginEpoch(epoch: number): void {
    this.epoch = epoch;
  }

  step(train: Batch, val: Batch): StepMetrics {
    const arch = this.archStep(train, val);
    const weights = this.weightStep(train);
    this.stepCount++;
    return { ...weights, ...arch };
  }

  /** One Adam step of the architecture variables on the val batch. */
  protected archStep(_train: Batch, val: Batch): Pick<StepMetrics, 'valLoss' | 'valAcc'> {
    const { arch } = this.b.optim.all;
    const { loss, acc } = this.descend(val, arch.variables, 'arch', (grads) => arch.apply(grads, this.options.archLr));
    return { valLoss: loss, valAcc: acc };
  }

  private weightStep(train: Batch): Pick<StepMetrics, 'trainLoss' | 'trainAcc'> {
    const { weights } = this.b.optim.all;
    const { loss, acc } = this.descend(train, weights.variables, 'weights', (grads) => weights.apply(grads, this.learningRate));
    return { trainLoss: loss, trainAcc: acc };
  }

  /** Loss, accuracy and one update of `vars` on a batch through the supernet in `phase`'s mode. */
  protected descend(
    batch: Batch,
    vars: readonly tf.Variable[],
    phase: Phase,
    update: (grads: Grads) => void,
  ): { loss: number; acc: number } {
    const { supernet } = this.b;
    return classifierStep(
      vars,
      batch.y,
      () => {
        const logits = supernet.forward(batch.x, this.mode(phase));
        return { logits, loss: crossEntropy(logits, batch.y) };
      },
      update,
      { zeroFill: this.zeroFill },
    );
  }

  endEpoch(_epoch: number): void {
    // Schedules follow the epoch (beginEpoch).
  }

  /** The architecture weights derivation reads (default: softmax of the alphas). */
  protected architectureWeights(): Record<string, number[][]> {
    return this.b.supernet.archWeights();
  }

  derive(): Genotype {
    return deriveGenotype(this.b.supernet.space, this.architectureWeights());
  }

  /** The epoch's learning rate and the softmaxed alphas, for the epoch log. */
  epochLog(): Readonly<Record<string, unknown>> {
    return { lr: this.learningRate, alphas: roundedWeights(this.b.supernet.archWeights()) };
  }

  slots(): [string, tf.Variable][] {
    return this.b.optim.slots();
  }

  state(): DifferentiableState {
    return { epoch: this.epoch, step: this.stepCount, ...this.b.optim.state() };
  }

  restore(state: unknown, slots: ReadonlyMap<string, tf.Tensor>): void {
    const s = parseState(differentiableState, state, this.name);
    this.b.optim.restore(s, slots);
    this.epoch = s.epoch;
    this.stepCount = s.step;
  }

  dispose(): void {
    this.bound?.optim.dispose();
    this.bound = null;
  }
}
