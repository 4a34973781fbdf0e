import * as tf from '@tensorflow/tfjs';
import { buildGenotype, decisionSizes } from '../../space/index.js';
import type { Genotype } from '../../space/api.js';
import type { SampledMode, Supernet } from '../../supernet/api.js';
import type { SearchContext } from '../api.js';
import { gradientStep } from '../../train/step.js';
import { Adam, slotsUnder } from '../../train/optim/index.js';
import { z } from 'zod';
import { SinglePathStrategy, samplerStateSchema } from '../samplers/single-path.js';
import { deriveFields, type SamplerOptions } from '../samplers/options.js';
import { optimizerStateSchema, parseState, slotOf } from '../state.js';
import { Controller, type ControllerOptions } from './controller.js';

/** ENAS's controller settings beyond the shared sampler's. */
export interface EnasOptions extends SamplerOptions, ControllerOptions {
  readonly controllerLr: number;
  /** Moving-average decay of the reward baseline. */
  readonly baselineDecay: number;
  /** Weight of the controller's entropy in its objective (exploration bonus). */
  readonly entropyWeight: number;
}

const positive = (help: string) => z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' }).describe(help);

/** ENAS's options (Pham et al. 2018, the controller of its code, sized for a CPU) beside the derivation's. */
export const enasOptionsSchema = z.strictObject({
  ...deriveFields,
  hidden: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a positive integer' })
    .positive({ error: 'must be a positive integer' })
    .describe('enas: controller LSTM size (default 64)')
    .default(64),
  temperature: positive('enas: controller sampling temperature (default 5)').default(5),
  tanhConstant: positive('enas: controller logit tanh constant (default 2.5)').default(2.5),
  controllerLr: positive('enas: controller Adam learning rate (default 3.5e-3)').default(3.5e-3),
  baselineDecay: z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be in [0, 1)' })
    .lt(1, { error: 'must be in [0, 1)' })
    .describe('enas: decay of the reward baseline (default 0.99)')
    .default(0.99),
  entropyWeight: z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be >= 0' })
    .describe('enas: entropy bonus (default 1e-4)')
    .default(1e-4),
});

const { candidates: _candidates, ...controllerDefaults } = enasOptionsSchema.parse({});
export const ENAS_CONTROLLER_DEFAULTS: Omit<EnasOptions, keyof SamplerOptions> = controllerDefaults;

const enasStateSchema = samplerStateSchema.extend({ baseline: z.number().nullable(), controllerOptim: optimizerStateSchema });

/** The genotype a controller's actions spell (`buildGenotype` takes them in order). */
function genotypeOf(supernet: Supernet, actions: readonly number[]): Genotype {
  let next = 0;
  return buildGenotype(supernet.space, () => actions[next++]!);
}

/**
 * ENAS (Pham et al. 2018): an LSTM controller samples an architecture each
 * step; the shared weights train on it (train batch), and its accuracy on
 * the val batch is the reward of a REINFORCE update of the controller, with a
 * moving-average baseline and an entropy bonus. Derivation: architectures
 * sampled from the controller, scored on the fixed score batches, best kept.
 */
export class Enas extends SinglePathStrategy {
  readonly name = 'enas';
  readonly enas: EnasOptions;
  private controller: Controller | null = null;
  private controllerOptim: Adam | null = null;
  private baseline: number | null = null;
  private lastActions: number[] | null = null;

  constructor(options: Partial<EnasOptions> = {}) {
    super(options);
    this.enas = { ...this.options, ...ENAS_CONTROLLER_DEFAULTS, ...options };
  }

  override setup(supernet: Supernet, context: SearchContext): void {
    super.setup(supernet, context);
    const { hidden, temperature, tanhConstant } = this.enas;
    this.controller = new Controller(
      decisionSizes(supernet.space),
      { hidden, temperature, tanhConstant },
      `${context.seed}/enas/controller`,
    );
    this.controllerOptim = new Adam(this.controller.variables());
  }

  private get c(): { controller: Controller; optim: Adam } {
    if (!this.controller || !this.controllerOptim) throw new Error('ENAS strategy used before setup()');
    return { controller: this.controller, optim: this.controllerOptim };
  }

  protected async paths(_step: number, rng: () => number): Promise<SampledMode[]> {
    this.lastActions = await this.c.controller.sample(rng);
    return [{ kind: 'fixed', genotype: genotypeOf(this.b.supernet, this.lastActions) }];
  }

  protected override async candidate(rng: () => number): Promise<Genotype> {
    return genotypeOf(this.b.supernet, await this.c.controller.sample(rng));
  }

  /** REINFORCE on the val accuracy of the step's architecture. */
  protected override afterStep(val: { readonly acc: number }): void {
    if (this.lastActions === null || !Number.isFinite(val.acc)) return;
    this.reinforce(this.lastActions, val.acc);
  }

  /** One REINFORCE update of the controller toward (reward > baseline) or away from `actions`. */
  reinforce(actions: readonly number[], reward: number): void {
    const { controller, optim } = this.c;
    const { baselineDecay, entropyWeight, controllerLr } = this.enas;
    this.baseline = this.baseline === null ? reward : baselineDecay * this.baseline + (1 - baselineDecay) * reward;
    const advantage = reward - this.baseline;
    gradientStep(
      controller.variables(),
      () => {
        const pass = controller.evaluate(actions);
        return tf.neg(tf.add(tf.mul(pass.logProb, advantage), tf.mul(pass.entropy, entropyWeight))) as tf.Scalar;
      },
      (grads) => optim.apply(grads, controllerLr),
    ).dispose();
  }

  /** The controller (for inspection and tests). */
  get policy(): Controller {
    return this.c.controller;
  }

  override slots(): [string, tf.Variable][] {
    const { controller, optim } = this.c;
    return [
      ...super.slots(),
      ...controller.namedVariables().map(([n, v]): [string, tf.Variable] => [`controller.${n}`, v]),
      ...optim.slots().map(([n, v]): [string, tf.Variable] => [`optim.controller.${n}`, v]),
    ];
  }

  override state(): ReturnType<SinglePathStrategy['state']> & { baseline: number | null; controllerOptim: unknown } {
    return { ...super.state(), baseline: this.baseline, controllerOptim: this.c.optim.state() };
  }

  override restore(state: unknown, slots: ReadonlyMap<string, tf.Tensor>): void {
    const s = parseState(enasStateSchema, state, this.name);
    super.restore(state, slots);
    const { controller, optim } = this.c;
    tf.tidy(() => {
      for (const [name, v] of controller.namedVariables()) v.assign(slotOf(slots, `controller.${name}`, this.name));
    });
    optim.restore(s.controllerOptim, slotsUnder(slots, 'optim.controller'));
    this.baseline = s.baseline;
  }

  override dispose(): void {
    super.dispose();
    this.controller?.dispose();
    this.controllerOptim?.dispose();
  }
}
