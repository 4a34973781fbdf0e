import * as tf from '@tensorflow/tfjs';
import { match } from 'ts-pattern';
import type { Genotype, SearchSpace } from '../space/api.js';
import type { SeedStream } from '../ops/init.js';
import type { Module } from '../ops/module.js';
import type { DecisionGroup, ForwardMode, SampledMode, Selection, Supernet } from './api.js';
import { readTogether } from '../train/read-back.js';
import { maskedRows, weightedRows } from './selection.js';

/** A network driven by per-group row choices. */
export interface SelectionNetwork extends Module {
  forward(x: tf.Tensor4D, selection: Selection, training: boolean): tf.Tensor2D;
  /** The logits and, when the network has an auxiliary head and is training, the head's logits (else null); networks without a head may omit it. */
  forwardWithAux?(x: tf.Tensor4D, selection: Selection, training: boolean): { logits: tf.Tensor2D; aux: tf.Tensor2D | null };
}

/**
 * What every supernet shares: one architecture-parameter matrix per decision
 * group (DARTS init: N(0, alphaScale)), and turning a forward mode into
 * per-row choices. A space contributes its network, its groups, and how a
 * genotype maps onto rows.
 */
export abstract class SupernetBase implements Supernet {
  private readonly alphas = new Map<string, tf.Variable>();

  protected constructor(
    readonly space: SearchSpace,
    readonly network: SelectionNetwork,
    private readonly groups: readonly DecisionGroup[],
    /** The option that computes nothing (`none`), skipped in relaxed and weighted modes. */
    private readonly noneOption: string | null,
    seeds: SeedStream,
    alphaScale: number,
  ) {
    for (const g of groups) {
      const init = () => tf.randomNormal([g.rows, g.options.length], 0, alphaScale, 'float32', seeds.next());
      this.alphas.set(
        g.name,
        tf.tidy(() => tf.variable(init(), true)),
      );
    }
  }

  /** Per group, the rows a genotype selects. */
  protected abstract fixedSelection(genotype: Genotype): Selection;

  decisions(): readonly DecisionGroup[] {
    return this.groups;
  }

  weightVariables(): tf.Variable[] {
    return this.network.parameters();
  }

  weightBuffers(): tf.Variable[] {
    return this.network.namedBuffers().map(([, v]) => v);
  }

  namedTensors(): [string, tf.Variable][] {
    return [
      ...this.network.namedParameters('weight.'),
      ...this.network.namedBuffers('buffer.'),
      ...this.groups.map((g): [string, tf.Variable] => [`alpha.${g.name}`, this.alpha(g.name)]),
    ];
  }

  archVariables(): tf.Variable[] {
    return this.groups.map((g) => this.alpha(g.name));
  }

  alpha(group: string): tf.Variable {
    const a = this.alphas.get(group);
    if (!a) throw new Error(`no decision group '${group}' (groups: ${this.groups.map((g) => g.name).join(', ')})`);
    return a;
  }

  async archWeights(): Promise<Record<string, number[][]>> {
    const softmaxed = this.groups.map((g) => tf.tidy(() => tf.softmax(this.alpha(g.name))));
    const values = await readTogether(softmaxed, { dispose: true });
    return Object.fromEntries(
      this.groups.map((g, i) => {
        const flat = values[i]!;
        const options = g.options.length;
        return [g.name, Array.from({ length: g.rows }, (_, r) => flat.slice(r * options, (r + 1) * options))];
      }),
    );
  }

  parameterCount(): number {
    return this.network.parameterCount();
  }

  forward(x: tf.Tensor4D, mode: ForwardMode, training = true): tf.Tensor2D {
    return this.network.forward(x, this.selection(mode), training);
  }

  private computing(g: DecisionGroup): number[] {
    return g.options.flatMap((o, k) => (o === this.noneOption ? [] : [k]));
  }

  private perGroup<T>(make: (g: DecisionGroup) => T): Record<string, T> {
    return Object.fromEntries(this.groups.map((g) => [g.name, make(g)]));
  }

  private given<T>(values: Readonly<Record<string, T>>, g: DecisionGroup, what: string): T {
    const v = values[g.name];
    if (v === undefined) throw new Error(`no ${what} given for decision group '${g.name}'`);
    return v;
  }

  runningOptions(mode: SampledMode): Record<string, number[][]> {
    const selection = this.selection(mode);
    return Object.fromEntries(
      this.groups.map((g) => [
        g.name,
        (selection[g.name] ?? []).map((choice) => {
          const row = new Array<number>(g.options.length).fill(0);
          for (const k of choice.options) row[k] = 1;
          return row;
        }),
      ]),
    );
  }

  private selection(mode: ForwardMode): Selection {
    return match(mode)
      .with({ kind: 'relaxed' }, () => this.perGroup((g) => weightedRows(tf.softmax(this.alpha(g.name)) as tf.Tensor2D, this.computing(g))))
      .with({ kind: 'weights' }, (m) =>
        this.perGroup((g) =>
          weightedRows(this.given(m.weights, g, 'weights'), this.computing(g), m.masks?.[g.name], m.rowScales?.[g.name]),
        ),
      )
      .with({ kind: 'fixed' }, (m) => this.fixedSelection(m.genotype))
      .with({ kind: 'masked' }, (m) => this.perGroup((g) => maskedRows(g.rows, this.given(m.masks, g, 'mask'))))
      .exhaustive();
  }

  dispose(): void {
    this.network.dispose();
    for (const a of this.alphas.values()) a.dispose();
    this.alphas.clear();
  }
}
