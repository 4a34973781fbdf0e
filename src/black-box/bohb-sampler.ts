import { NasError } from '../errors.js';
import { randomIndex, type Rng } from '../random/index.js';
import { canonicalString, type ArchitectureMoves } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import { encodeGenotype } from './encode-genotype.js';
import type { BracketSampler, Observation } from './hyperband.js';

export interface BohbOptions {
  /** Fraction of proposals drawn uniformly, whatever the model says (BOHB's rho, default 1/3: keeps Hyperband's guarantees). */
  readonly randomFraction: number;
  /** Fraction of a budget's observations that make the "good" density l(x) (BOHB's q, default 0.15). */
  readonly topFraction: number;
  /** Candidates drawn around good architectures, of which the best l(x)/g(x) is proposed (BOHB's N_s is 64; default 24, since a mutation costs about a millisecond). */
  readonly candidates: number;
  /** Probability that a feature of the kernel differs from its centre (the categorical bandwidth, default 0.15). */
  readonly bandwidth: number;
}

export const BOHB_DEFAULTS: BohbOptions = { randomFraction: 1 / 3, topFraction: 0.15, candidates: 24, bandwidth: 0.15 };

/** log of the kernel density of `x` around `centres`: per 0/1 feature, 1 - bw where it matches the centre, bw where not. */
function logDensity(x: readonly number[], centres: readonly (readonly number[])[], bw: number): number {
  const [same, differ] = [Math.log(1 - bw), Math.log(bw)];
  let max = -Infinity;
  const logs = centres.map((c) => {
    let l = 0;
    for (let j = 0; j < x.length; j++) l += x[j] === c[j] ? same : differ;
    max = Math.max(max, l);
    return l;
  });
  return max + Math.log(logs.reduce((s, l) => s + Math.exp(l - max), 0) / centres.length);
}

/**
 * BOHB's sampler (Falkner et al. 2018, ICML): a tree-structured Parzen
 * estimator (Bergstra et al. 2011) fitted on the largest budget that has
 * enough observations (at least dimension + 1 ... here: at least 2 good and 2
 * bad points, since the one-hot encoding's dimension exceeds any bracket): the
 * best `topFraction` of its scores make a density l(x), the rest g(x), and the
 * proposal is the candidate maximising l(x) / g(x). We chose this
 * density-ratio model over the GP of src/black-box/gp because it is BOHB's own,
 * costs nothing per proposal, and needs no hyperparameter fit on a few points.
 * Architectures are categorical, so the densities use an Aitchison-Aitken-style
 * kernel per feature of the one-hot encoding (`encodeGenotype`), and the
 * candidates are drawn near the good architectures by one mutation (what
 * sampling from l(x) means on a graph; within a pool, a mutation that stays
 * in it) instead of by sampling each feature.
 * A `randomFraction` of the proposals stay uniform.
 */
export class BohbSampler implements BracketSampler {
  readonly name = 'tpe';
  readonly options: BohbOptions;
  /** Encodings by canonical string, and the model of the last observation count (a bracket proposes many with the same data). */
  private readonly encodings = new Map<string, number[]>();
  private fitted: { count: number; model: ReturnType<BohbSampler['fit']> } | null = null;

  constructor(options: Partial<BohbOptions> = {}) {
    this.options = { ...BOHB_DEFAULTS, ...options };
    const { randomFraction, topFraction, candidates, bandwidth } = this.options;
    if (!(randomFraction >= 0 && randomFraction <= 1)) throw new NasError(`the random fraction must be in [0, 1], got ${randomFraction}`);
    if (!(topFraction > 0 && topFraction < 1)) throw new NasError(`the top fraction must be in (0, 1), got ${topFraction}`);
    if (!(Number.isInteger(candidates) && candidates >= 1))
      throw new NasError(`the candidates must be a positive integer, got ${candidates}`);
    if (!(bandwidth > 0 && bandwidth < 0.5)) throw new NasError(`the bandwidth must be in (0, 0.5), got ${bandwidth}`);
  }

  propose(moves: ArchitectureMoves, observations: readonly Observation[], rng: Rng): Genotype {
    const space = moves.space;
    const model = rng() < this.options.randomFraction ? null : this.model(space, observations);
    const encode = (g: Genotype) => {
      const key = canonicalString(g);
      let x = this.encodings.get(key);
      if (x === undefined) {
        x = encodeGenotype(space, g);
        this.encodings.set(key, x);
      }
      return x;
    };
    if (model === null) return moves.sample(rng);
    let best: { genotype: Genotype; ratio: number } | null = null;
    for (let i = 0; i < this.options.candidates; i++) {
      const genotype = moves.mutate(model.good[randomIndex(rng, model.good.length)]!, rng);
      const x = encode(genotype);
      const ratio = logDensity(x, model.l, this.options.bandwidth) - logDensity(x, model.g, this.options.bandwidth);
      if (best === null || ratio > best.ratio) best = { genotype, ratio };
    }
    return best!.genotype;
  }

  /** The good and bad points of the largest budget with at least 2 of each (the latest score of an architecture counts), or null. */
  private model(space: SearchSpace, observations: readonly Observation[]) {
    if (this.fitted?.count !== observations.length) this.fitted = { count: observations.length, model: this.fit(space, observations) };
    return this.fitted.model;
  }

  private fit(space: SearchSpace, observations: readonly Observation[]) {
    const budgets = [...new Set(observations.map((o) => o.budget))].sort((a, b) => b - a);
    for (const budget of budgets) {
      const byArch = new Map<string, Observation>();
      for (const o of observations) if (o.budget === budget) byArch.set(canonicalString(o.genotype), o);
      const points = [...byArch.values()].sort((a, b) => b.score - a.score);
      const nGood = Math.max(2, Math.ceil(this.options.topFraction * points.length));
      if (points.length - nGood < 2) continue;
      const good = points.slice(0, nGood).map((o) => o.genotype);
      return {
        good,
        l: good.map((g) => encodeGenotype(space, g)),
        g: points.slice(nGood).map((o) => encodeGenotype(space, o.genotype)),
      };
    }
    return null;
  }
}
