import * as tf from '@tensorflow/tfjs';
import { buildGenotype, decisionSizes } from '../../space/index.js';
import type { Genotype } from '../../space/api.js';
import type { SampledMode, Supernet } from '../../supernet/api.js';
import type { SearchContext } from '../api.js';
import { gradsOf } from '../../train/grads.js';
import { Adam, slotsUnder } from '../../train/optim/index.js';
import { SinglePathStrategy } from '../samplers/single-path.js';
import type { SamplerOptions } from '../samplers/options.js';
import { Controller, type ControllerOptions } from './controller.js';

/** ENAS's controller settings beyond the shared sampler's. */
export interface EnasOptions extends SamplerOptions, ControllerOptions {
  readonly controllerLr: number;
  /** Moving-average decay of the reward baseline. */
  readonly baselineDecay: number;
  /** Weight of the controller's entropy in its objective (exploration bonus). */
  readonly entropyWeight: number;
}

export const ENAS_CONTROLLER_DEFAULTS: Omit<EnasOptions, keyof SamplerOptions> = {
  hidden: 64,
  temperature: 5,
  tanhConstant: 2.5,
  controllerLr: 3.5e-3,
  baselineDecay: 0.99,
  entropyWeight: 1e-4,
};

interface EnasExtraState {
  readonly baseline: number | null;
  readonly controllerOptim: unknown;
}

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

  protected sample(_step: number, rng: () => number): SampledMode {
    this.lastActions = this.c.controller.sample(rng);
    return { kind: 'fixed', genotype: genotypeOf(this.b.supernet, this.lastActions) };
  }

  protected override candidate(rng: () => number): Genotype {
    return genotypeOf(this.b.supernet, this.c.controller.sample(rng));
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
    const vars = controller.variables();
    let grads: (tf.Tensor | null)[] = [];
    tf.tidy(() => {
      const { grads: g } = gradsOf(() => {
        const pass = controller.evaluate(actions);
        return tf.neg(tf.add(tf.mul(pass.logProb, advantage), tf.mul(pass.entropy, entropyWeight))) as tf.Scalar;
      }, vars);
      grads = g.map((t) => (t ? tf.keep(t) : null));
    });
    optim.apply(grads, controllerLr);
    tf.dispose(grads.filter((t): t is tf.Tensor => t !== null));
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

  override state(): ReturnType<SinglePathStrategy['state']> & EnasExtraState {
    return { ...super.state(), baseline: this.baseline, controllerOptim: this.c.optim.state() };
  }

  override restore(state: unknown, slots: ReadonlyMap<string, tf.Tensor>): void {
    super.restore(state, slots);
    const s = state as EnasExtraState;
    const { controller, optim } = this.c;
    tf.tidy(() => {
      for (const [name, v] of controller.namedVariables()) {
        const value = slots.get(`controller.${name}`);
        if (value === undefined) throw new Error(`ENAS checkpoint has no controller tensor '${name}'`);
        v.assign(value);
      }
    });
    optim.restore(s.controllerOptim as Parameters<Adam['restore']>[0], slotsUnder(slots, 'optim.controller'));
    this.baseline = s.baseline;
  }

  override dispose(): void {
    super.dispose();
    this.controller?.dispose();
    this.controllerOptim?.dispose();
  }
}
