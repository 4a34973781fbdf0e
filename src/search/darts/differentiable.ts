import * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { Batch } from '../../data/api.js';
import { deriveGenotype } from '../../space/index.js';
import type { Genotype } from '../../space/api.js';
import type { ForwardMode, Supernet } from '../../supernet/api.js';
import { crossEntropy } from '../../train/loss.js';
import { Adam, NamedOptimizers } from '../../train/optim/index.js';
import { readScalars } from '../../train/read-back.js';
import { classifierStep, type Grads, type StepScalars } from '../../train/step.js';
import { WeightTrainer } from '../../train/weight-trainer.js';
import type { SearchContext, StepMetrics, Strategy } from '../api.js';
import { optimizerStateSchema, parseState, progressStateSchema, roundedWeights } from '../state.js';
import type { DifferentiableOptions } from './options.js';

interface Bound {
  readonly supernet: Supernet;
  readonly context: SearchContext;
  readonly optim: NamedOptimizers<{ weights: WeightTrainer; arch: Adam }>;
}

/** Some of a step's metrics as scalars still on the device. */
export type StepTensors<K extends keyof StepMetrics> = { readonly [P in K]: tf.Scalar };

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

  /**
   * Architecture step, then weight step; their losses and accuracies are
   * read back once, at the end (`readScalars`): the device never waits
   * mid-step.
   */
  async step(train: Batch, val: Batch): Promise<StepMetrics> {
    await this.prepare('arch');
    const arch = this.archStep(train, val);
    let weights: StepTensors<'trainLoss' | 'trainAcc'> | null = null;
    try {
      await this.prepare('weights');
      weights = this.weightStep(train);
    } finally {
      if (!weights) tf.dispose(Object.values(arch).filter((t) => t !== undefined));
    }
    this.stepCount++;
    const entries = Object.entries({ ...weights, ...arch }).filter((e): e is [string, tf.Scalar] => e[1] !== undefined);
    const values = await readScalars(entries.map(([, t]) => t));
    return Object.fromEntries(entries.map(([name], i) => [name, values[i]!])) as unknown as StepMetrics;
  }

  /**
   * Before `phase`'s pass, what must be read from the device to lay the pass
   * out (GDAS: which op of each edge its Gumbel sample picks); `mode` then
   * builds the pass's tensors without reading. Default: nothing.
   */
  protected async prepare(_phase: Phase): Promise<void> {}

  /** One Adam step of the architecture variables on the val batch; its loss and accuracy stay on the device. */
  protected archStep(_train: Batch, val: Batch): Partial<StepTensors<'valLoss' | 'valAcc'>> {
    const { arch } = this.b.optim.all;
    const { loss, acc } = this.descend(val, arch.variables, 'arch', (grads) => arch.apply(grads, this.options.archLr));
    return { valLoss: loss, valAcc: acc };
  }

  private weightStep(train: Batch): StepTensors<'trainLoss' | 'trainAcc'> {
    const { weights } = this.b.optim.all;
    const { loss, acc } = this.descend(train, weights.variables, 'weights', (grads) => weights.apply(grads, this.learningRate));
    return { trainLoss: loss, trainAcc: acc };
  }

  /** Loss, accuracy and one update of `vars` on a batch through the supernet in `phase`'s mode. */
  protected descend(batch: Batch, vars: readonly tf.Variable[], phase: Phase, update: (grads: Grads) => void): StepScalars {
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

  async endEpoch(_epoch: number): Promise<void> {
    // Schedules follow the epoch (beginEpoch).
  }

  /** The architecture weights derivation reads (default: softmax of the alphas). */
  protected architectureWeights(): Promise<Record<string, number[][]>> {
    return this.b.supernet.archWeights();
  }

  async derive(): Promise<Genotype> {
    return deriveGenotype(this.b.supernet.space, await this.architectureWeights());
  }

  /** The epoch's learning rate and the softmaxed alphas, for the epoch log. */
  async epochLog(): Promise<Readonly<Record<string, unknown>>> {
    return { lr: this.learningRate, alphas: roundedWeights(await this.b.supernet.archWeights()) };
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
