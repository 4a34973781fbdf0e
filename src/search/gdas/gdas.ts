import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../random/index.js';
import type { ForwardMode, OptionMask, Supernet } from '../../supernet/api.js';
import { readTogether } from '../../train/read-back.js';
import { DifferentiableStrategy, type Phase } from '../darts/differentiable.js';
import { GDAS_DEFAULTS, type GdasOptions } from './options.js';

/** `hard` in value, the identity to `soft` in gradient (tfjs has no stop-gradient op). */
function straightThrough(hard: tf.Tensor2D, soft: tf.Tensor2D): tf.Tensor2D {
  const f = tf.customGrad((..._inputs: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.clone(hard),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [dy as tf.Tensor],
  }));
  // `soft` is the customGrad input: its gradient is the output's, unchanged.
  return f(soft) as tf.Tensor2D;
}

/** One hard Gumbel-softmax sample per row of every decision group. */
export interface GumbelSample {
  /** Straight-through weights `[rows, options]`: one-hot in value, softmax((alpha + g) / tau) in gradient. */
  readonly weights: Record<string, tf.Tensor2D>;
  /** The sampled option of each row (only it is computed). */
  readonly masks: Record<string, OptionMask>;
}

/** A draw of Gumbel noise per group (`u` in `(0, 1)`, `[rows * options]`) and the option each row's `argmax(alpha + g)` picked. */
export interface GumbelDraw {
  readonly noise: Readonly<Record<string, Float32Array>>;
  readonly chosen: Readonly<Record<string, readonly number[]>>;
}

/** `alpha + g` with `g = -log(-log(u))`, for one group. */
function noisyLogits(supernet: Supernet, group: string, rows: number, options: number, u: Float32Array): tf.Tensor2D {
  return tf.tidy(() => tf.add(supernet.alpha(group), tf.neg(tf.log(tf.neg(tf.log(tf.tensor2d(u, [rows, options])))))) as tf.Tensor2D);
}

/**
 * Draw the Gumbel noise of a hard sample from `rng` and read back which
 * option each row picks (one read for all groups): the choice decides which
 * ops the pass computes, so it is needed on the host before the pass; the
 * pass's tensors are then built by {@link gumbelSample} from the same draw.
 */
export async function drawGumbel(supernet: Supernet, rng: () => number): Promise<GumbelDraw> {
  const groups = supernet.decisions();
  const noise: Record<string, Float32Array> = {};
  const argmaxes = groups.map((group) => {
    const [rows, options] = [group.rows, group.options.length];
    const u = Float32Array.from({ length: rows * options }, () => Math.min(1 - 1e-7, Math.max(1e-20, rng())));
    noise[group.name] = u;
    return tf.tidy(() => tf.argMax(noisyLogits(supernet, group.name, rows, options, u), 1));
  });
  const read = await readTogether(argmaxes, { dispose: true });
  return { noise, chosen: Object.fromEntries(groups.map((g, i) => [g.name, read[i]!])) };
}

/**
 * Hard Gumbel-softmax samples of the architecture parameters (Jang et al.
 * 2017; GDAS, Dong & Yang 2019): per row, `h = onehot(argmax(alpha + g))`
 * with Gumbel noise `g = -log(-log(u))` from `draw` (the rows' argmax read
 * back by {@link drawGumbel}), and the straight-through weights
 * `h - stop(p) + p`, `p = softmax((alpha + g) / tau)`, which equal `h`
 * forward and pass `d p / d alpha` backward. Nothing is read back. Call
 * inside `tf.tidy` (or a gradient scope).
 */
export function gumbelSample(supernet: Supernet, tau: number, draw: GumbelDraw): GumbelSample {
  const weights: Record<string, tf.Tensor2D> = {};
  const masks: Record<string, OptionMask> = {};
  for (const group of supernet.decisions()) {
    const [rows, options] = [group.rows, group.options.length];
    const noisy = noisyLogits(supernet, group.name, rows, options, draw.noise[group.name]!);
    const probs = tf.softmax(tf.div(noisy, tau)) as tf.Tensor2D;
    const chosen = draw.chosen[group.name]!;
    const hard = tf.tensor2d(
      chosen.flatMap((c) => group.options.map((_, k) => (k === c ? 1 : 0))),
      [rows, options],
    );
    weights[group.name] = straightThrough(hard, probs);
    masks[group.name] = chosen.map((c) => group.options.map((_, k) => k === c));
  }
  return { weights, masks };
}

/**
 * GDAS (Dong & Yang 2019, "Searching for a Robust Neural Architecture in Four
 * GPU Hours"): DARTS's alternating loop (the shared differentiable base), but
 * every forward pass runs one op per edge, drawn by hard Gumbel-softmax from
 * the architecture parameters, with straight-through gradients to them; the
 * temperature falls linearly from `tauMax` to `tauMin` over the epochs.
 * Derivation: the space's rule on softmax(alpha), as DARTS. Every sample is
 * seeded by the run's seed, the step and the phase, so runs repeat and
 * resume exactly.
 */
export class Gdas extends DifferentiableStrategy<GdasOptions> {
  readonly name = 'gdas';

  constructor(options: Partial<GdasOptions> = {}) {
    super({ ...GDAS_DEFAULTS, ...options });
  }

  /** The Gumbel-softmax temperature of the current epoch (linear from `tauMax` to `tauMin`). */
  get temperature(): number {
    const { tauMax, tauMin } = this.options;
    const epochs = this.b.context.epochs;
    return epochs <= 1 ? tauMax : tauMax - ((tauMax - tauMin) * this.epoch) / (epochs - 1);
  }

  /** The draw of the coming pass (made by `prepare`, used by `mode`). */
  private draw: GumbelDraw | null = null;

  /** A fresh hard sample per pass, seeded by the run's seed, the step and the phase; its choices read back here. */
  protected override async prepare(phase: Phase): Promise<void> {
    this.draw = null;
    this.draw = await drawGumbel(this.b.supernet, createRng(`${this.b.context.seed}/gdas/step-${this.stepCount}/${phase}`));
  }

  /** The prepared sample: only the sampled op of each edge runs. */
  protected mode(): ForwardMode {
    if (!this.draw) throw new Error('gdas: a pass ran without its Gumbel draw (prepare)');
    const sample = gumbelSample(this.b.supernet, this.temperature, this.draw);
    return { kind: 'weights', weights: sample.weights, masks: sample.masks };
  }

  override async epochLog(): Promise<Readonly<Record<string, unknown>>> {
    return { ...(await super.epochLog()), tau: this.temperature };
  }
}
