import * as tf from '@tensorflow/tfjs';
import { fanInUniform, SeedStream } from '../../ops/init.js';

/** Sampling settings of the ENAS controller (Pham et al. 2018). */
export interface ControllerOptions {
  readonly hidden: number;
  /** Logits are divided by this before the tanh (ENAS: 5). */
  readonly temperature: number;
  /** Logits become `tanhConstant * tanh(logits / temperature)` (ENAS: 1.1 to 2.5); 0 disables the tanh. */
  readonly tanhConstant: number;
}

/** One pass of the controller over the decision sequence, as tensors (inside a gradient scope or `tf.tidy`). */
export interface ControllerPass {
  /** Sum over decisions of log p(action). */
  readonly logProb: tf.Scalar;
  /** Sum over decisions of the entropy of each decision's distribution. */
  readonly entropy: tf.Scalar;
}

/**
 * The ENAS controller: an LSTM that emits one categorical decision per step
 * of a space's decision sequence (`decisionSizes`: for a DARTS cell, per node
 * the pair of inputs, then each input's op), feeding the embedding of each
 * choice to the next step. One output head and one embedding table per
 * decision; logits tempered and tanh-clipped as in ENAS.
 */
export class Controller {
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;
  private readonly start: tf.Variable;
  private readonly heads: { readonly w: tf.Variable; readonly b: tf.Variable }[];
  private readonly embeddings: tf.Variable[];

  constructor(
    readonly sizes: readonly number[],
    readonly options: ControllerOptions,
    seed: string,
  ) {
    const h = options.hidden;
    const seeds = new SeedStream(seed);
    const v = (init: () => tf.Tensor) => tf.tidy(() => tf.variable(init(), true));
    this.kernel = v(() => fanInUniform([2 * h, 4 * h], h, seeds));
    this.bias = v(() => tf.zeros([4 * h]));
    this.start = v(() => fanInUniform([1, h], h, seeds));
    this.heads = sizes.map((n) => ({ w: v(() => fanInUniform([h, n], h, seeds)), b: v(() => tf.zeros([n])) }));
    this.embeddings = sizes.map((n) => v(() => fanInUniform([n, h], h, seeds)));
  }

  /** Every variable, by a stable name (for optimizers and checkpoints). */
  namedVariables(): [string, tf.Variable][] {
    return [
      ['lstm.kernel', this.kernel],
      ['lstm.bias', this.bias],
      ['start', this.start],
      ...this.heads.flatMap(({ w, b }, i): [string, tf.Variable][] => [
        [`head.${i}.w`, w],
        [`head.${i}.b`, b],
      ]),
      ...this.embeddings.map((e, i): [string, tf.Variable] => [`embedding.${i}`, e]),
    ];
  }

  variables(): tf.Variable[] {
    return this.namedVariables().map(([, v]) => v);
  }

  /** One LSTM step: the new state and decision `i`'s tempered, tanh-clipped logits. */
  private cell(i: number, x: tf.Tensor2D, c: tf.Tensor2D, h: tf.Tensor2D): { c: tf.Tensor2D; h: tf.Tensor2D; logits: tf.Tensor1D } {
    const n = this.sizes[i]!;
    const [c2, h2] = tf.basicLSTMCell(1, this.kernel as tf.Tensor2D, this.bias as tf.Tensor1D, x, c, h);
    let logits = tf.add(tf.matMul(h2, this.heads[i]!.w as tf.Tensor2D), this.heads[i]!.b).reshape([n]) as tf.Tensor1D;
    logits = tf.div(logits, this.options.temperature);
    if (this.options.tanhConstant > 0) logits = tf.mul(tf.tanh(logits), this.options.tanhConstant);
    return { c: c2, h: h2, logits };
  }

  /** The embedding of action `action` of decision `i`: the next step's input. */
  private embed(i: number, action: number): tf.Tensor2D {
    return tf.gather(this.embeddings[i]! as tf.Tensor2D, [action]) as tf.Tensor2D;
  }

  /**
   * Sample one action per decision (categorical, from `rng`). Each decision
   * depends on the ones before, so its probabilities are read back as it is
   * made (`await data()`, a few numbers each). Plain numbers; no tensors kept.
   */
  async sample(rng: () => number): Promise<number[]> {
    const actions: number[] = [];
    let state = tf.tidy(() => ({
      c: tf.zeros([1, this.options.hidden]) as tf.Tensor2D,
      h: tf.zeros([1, this.options.hidden]) as tf.Tensor2D,
    }));
    const start = this.start as tf.Tensor2D;
    let x = start;
    try {
      for (let i = 0; i < this.sizes.length; i++) {
        const next = tf.tidy(() => {
          const { c, h, logits } = this.cell(i, x, state.c, state.h);
          return { c, h, p: tf.softmax(logits) };
        });
        tf.dispose([state.c, state.h]);
        state = next;
        let p: Float32Array;
        try {
          p = (await next.p.data()) as Float32Array;
        } finally {
          next.p.dispose();
        }
        let u = rng();
        let a = p.length - 1;
        for (let k = 0; k < p.length; k++) {
          u -= p[k]!;
          if (u < 0) {
            a = k;
            break;
          }
        }
        actions.push(a);
        if (x !== start) x.dispose();
        x = this.embed(i, a);
      }
    } finally {
      tf.dispose([state.c, state.h]);
      if (x !== start) x.dispose();
    }
    return actions;
  }

  /** Log-probability and entropy of given actions (differentiable in the controller's variables). */
  evaluate(actions: readonly number[]): ControllerPass {
    if (actions.length !== this.sizes.length) throw new Error(`the controller takes ${this.sizes.length} actions, got ${actions.length}`);
    let c = tf.zeros([1, this.options.hidden]) as tf.Tensor2D;
    let h = tf.zeros([1, this.options.hidden]) as tf.Tensor2D;
    let x = this.start as tf.Tensor2D;
    const logProbs: tf.Scalar[] = [];
    const entropies: tf.Scalar[] = [];
    actions.forEach((action, i) => {
      const step = this.cell(i, x, c, h);
      [c, h] = [step.c, step.h];
      const logp = tf.logSoftmax(step.logits) as tf.Tensor1D;
      logProbs.push(tf.gather(logp, [action]).reshape([]) as tf.Scalar);
      entropies.push(tf.neg(tf.sum(tf.mul(tf.exp(logp), logp))) as tf.Scalar);
      x = this.embed(i, action);
    });
    return { logProb: tf.addN(logProbs) as tf.Scalar, entropy: tf.addN(entropies) as tf.Scalar };
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}
