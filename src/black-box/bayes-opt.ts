import { NasError } from '../errors.js';
import type { Estimator } from '../estimators/api.js';
import { randomIndex, type Rng } from '../random/index.js';
import { canonicalString, type ArchitectureMoves } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import { QueryLog, movesFor, type BlackBoxStrategy, type Query, type WithinOption } from './api.js';
import { encodeGenotype } from './encode-genotype.js';
import { PriorFeature, type PriorLoader } from './zc-prior.js';
import {
  expectedImprovement,
  fitByMarginalLikelihood,
  GaussianProcess,
  logSpace,
  normalScores,
  type GpHyperparameters,
  type HyperparameterGrid,
  KERNEL_NAMES,
  type KernelName,
} from './gp/index.js';

export interface BayesOptOptions extends WithinOption {
  /** Random architectures queried before the surrogate is first fitted (default 10). */
  readonly initial: number;
  /** Candidates scored by expected improvement per query (default 100). */
  readonly candidates: number;
  /** How many of the candidates are fresh random samples rather than mutations (default 10). */
  readonly randomCandidates: number;
  /** Mutations are of the best `parents` architectures queried so far (default 10). */
  readonly parents: number;
  /** Surrogate kernel (default Matern 5/2). */
  readonly kernel: KernelName;
  /** Expected-improvement margin xi >= 0, in the units of the fitted targets (default 0). */
  readonly xi: number;
  /**
   * What the GP fits: 'normal-scores' (default), the scores' ranks mapped to
   * normal quantiles (`normalScores`), or 'raw' scores (standardised).
   */
  readonly targets: 'normal-scores' | 'raw';
  /** Hyperparameters are re-selected by marginal likelihood every this many queries, and kept in between (default 5). */
  readonly refitEvery: number;
  /** Hyperparameters tried, for standardised targets and the one-hot `encodeGenotype` features. */
  readonly grid: HyperparameterGrid;
  /** A cheap score (a zero-cost proxy) as one more surrogate input (`PriorFeature`); absent: encodings only. */
  readonly prior?: PriorLoader;
  /** The prior feature's scale against the 0/1 encoding inputs (default 1: one standard deviation weighs as one op change). */
  readonly priorWeight?: number;
}

export const BAYES_OPT_DEFAULTS: BayesOptOptions = {
  initial: 10,
  candidates: 100,
  randomCandidates: 10,
  parents: 10,
  kernel: 'matern52',
  xi: 0,
  targets: 'normal-scores',
  refitEvery: 5,
  grid: { lengthscales: logSpace(0.5, 8, 5), signalVariances: logSpace(0.25, 4, 3), noiseVariances: logSpace(1e-3, 0.3, 3) },
};

/** Draws before giving up on finding an architecture not yet queried by sampling. */
const REDRAWS = 100;

interface Queried {
  readonly genotype: Genotype;
  readonly features: number[];
  readonly score: number;
  /** The prior's raw score (NaN without a prior). */
  readonly prior: number;
}

interface Candidate {
  readonly genotype: Genotype;
  readonly key: string;
}

/**
 * Bayesian optimisation with a Gaussian-process surrogate over one-hot
 * architecture encodings (`encodeGenotype`), the GP baseline of White,
 * Neiswanger & Savani 2021 ("BANANAS"): query `initial` random
 * architectures; then, for each further query, fit a GP to all (encoding,
 * score) pairs so far, draw candidates (mostly single mutations of the best
 * architectures so far, BANANAS' acquisition optimisation, plus a few random
 * ones), and query the one with the largest expected improvement over the
 * best score. Never queries an architecture twice; deterministic given
 * `rng`; stops early only when no unqueried architecture is left within reach
 * (every neighbour of every queried one queried, and none found by sampling).
 * With a `prior` (a zero-cost proxy) the GP's inputs gain its standardised
 * score (`PriorFeature`), so the surrogate leans on the proxy where it has
 * no data yet. `within` a pool (a partial table's), candidates are drawn and
 * mutated only among its architectures (`RestrictedSpace`).
 */
export class BayesianOptimisation implements BlackBoxStrategy {
  readonly name = 'bo';
  readonly options: BayesOptOptions;

  constructor(options: Partial<BayesOptOptions> = {}) {
    this.options = { ...BAYES_OPT_DEFAULTS, ...options };
    const o = this.options;
    if (!(o.xi >= 0)) throw new NasError(`xi must be >= 0, got ${o.xi}`);
    if (o.priorWeight !== undefined && !(Number.isFinite(o.priorWeight) && o.priorWeight > 0))
      throw new NasError(`--prior-weight must be a number > 0, got ${o.priorWeight}`);
    for (const [key, value] of Object.entries({
      initial: o.initial,
      candidates: o.candidates,
      parents: o.parents,
      refitEvery: o.refitEvery,
    })) {
      if (!Number.isInteger(value) || value < 1) throw new NasError(`${key} must be a positive integer, got ${value}`);
    }
    if (!Number.isInteger(o.randomCandidates) || o.randomCandidates < 0 || o.randomCandidates > o.candidates) {
      throw new NasError(`randomCandidates must be an integer in 0..candidates, got ${o.randomCandidates}`);
    }
    if (!(KERNEL_NAMES as readonly string[]).includes(o.kernel))
      throw new NasError(`unknown kernel '${o.kernel}' (known: ${KERNEL_NAMES.join(', ')})`);
  }

  async run(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<Query[]> {
    const prior = this.options.prior ? await PriorFeature.load(this.options.prior, this.options.priorWeight ?? 1) : null;
    try {
      return await this.search(estimator, budget, rng, prior, onQuery);
    } finally {
      prior?.dispose();
    }
  }

  private async search(
    estimator: Estimator,
    budget: number,
    rng: Rng,
    prior: PriorFeature | null,
    onQuery?: (q: Query) => void,
  ): Promise<Query[]> {
    const { space } = estimator;
    const moves = movesFor(estimator, this.options.within);
    const log = new QueryLog(onQuery);
    const queried = new Map<string, Queried>();
    const neighbourCache = new Map<string, Genotype[]>();
    const priorOf = async (c: Candidate) => (prior ? prior.raw(c.key, c.genotype) : Number.NaN);
    // The surrogate's inputs: the one-hot encoding, plus the prior feature when there is a prior.
    const features = (genotype: Genotype, raw: number) => [...encodeGenotype(space, genotype), ...(prior ? [prior.feature(raw)] : [])];
    const query = async (candidate: Candidate) => {
      const { genotype, key } = candidate;
      const estimate = await estimator.estimate(genotype);
      log.record(key, estimate);
      queried.set(key, { genotype, features: encodeGenotype(space, genotype), score: estimate.score, prior: await priorOf(candidate) });
    };
    while (log.history.length < Math.min(budget, this.options.initial)) {
      const fresh = unqueriedSample(moves, rng, queried);
      if (fresh === null) break;
      await query(fresh);
    }
    let hyper: GpHyperparameters | null = null;
    while (log.history.length < budget) {
      const candidates = this.candidates(moves, queried, neighbourCache, rng);
      if (candidates.length === 0) break;
      const known = [...queried.values()];
      // The first fit's queries are the random initial ones: they set the prior's standardisation.
      prior?.freeze(known.map((q) => q.prior));
      const x = known.map((q) => (prior ? features(q.genotype, q.prior) : q.features));
      const scores = known.map((q) => q.score);
      const y = this.options.targets === 'raw' ? scores : normalScores(scores);
      const due = (log.history.length - this.options.initial) % this.options.refitEvery === 0;
      const gp: GaussianProcess =
        hyper === null || due ? fitByMarginalLikelihood(x, y, this.options.kernel, this.options.grid) : GaussianProcess.fit(x, y, hyper);
      hyper = gp.hyper;
      const inputs: number[][] = [];
      for (const c of candidates) inputs.push(features(c.genotype, await priorOf(c)));
      const posterior = gp.predict(inputs);
      const best = Math.max(...y);
      let pick = 0;
      let pickEi = -Infinity;
      for (let i = 0; i < candidates.length; i++) {
        const ei = expectedImprovement(posterior.mean[i]!, posterior.variance[i]!, best, this.options.xi);
        if (ei > pickEi) [pick, pickEi] = [i, ei];
      }
      await query(candidates[pick]!);
    }
    return log.history;
  }

  /**
   * Distinct unqueried candidates: random single mutations of the best
   * `parents` architectures (round robin, best first), then random samples;
   * if both find nothing, every unqueried neighbour of any queried
   * architecture. Neighbour lists are cached: the parents change slowly.
   */
  private candidates(
    moves: ArchitectureMoves,
    queried: ReadonlyMap<string, Queried>,
    cache: Map<string, Genotype[]>,
    rng: Rng,
  ): Candidate[] {
    const { candidates, randomCandidates, parents } = this.options;
    const movesOf = (key: string, genotype: Genotype): Genotype[] => {
      let options = cache.get(key);
      if (options === undefined) {
        options = moves.neighbours(genotype);
        cache.set(key, options);
      }
      return options;
    };
    const top = [...queried].sort(([, a], [, b]) => b.score - a.score).slice(0, parents);
    const out = new Map<string, Genotype>();
    const mutations = candidates - randomCandidates;
    for (let attempt = 0; top.length > 0 && out.size < mutations && attempt < 3 * mutations; attempt++) {
      const [parentKey, parent] = top[attempt % top.length]!;
      const options = movesOf(parentKey, parent.genotype);
      if (options.length === 0) continue;
      const child = options[randomIndex(rng, options.length)]!;
      const key = canonicalString(child);
      if (!queried.has(key)) out.set(key, child);
    }
    for (let i = 0; i < REDRAWS && out.size < candidates; i++) {
      const fresh = unqueriedSample(moves, rng, queried);
      if (fresh === null) break;
      out.set(fresh.key, fresh.genotype);
    }
    if (out.size === 0) {
      for (const [key, q] of queried) {
        for (const n of movesOf(key, q.genotype)) {
          const nKey = canonicalString(n);
          if (!queried.has(nKey)) out.set(nKey, n);
        }
      }
    }
    return [...out].map(([key, genotype]) => ({ key, genotype }));
  }
}

/** A random architecture not in `queried` (up to `REDRAWS` draws), or null. */
function unqueriedSample(moves: ArchitectureMoves, rng: Rng, queried: ReadonlyMap<string, unknown>): Candidate | null {
  for (let i = 0; i < REDRAWS; i++) {
    const genotype = moves.sample(rng);
    const key = canonicalString(genotype);
    if (!queried.has(key)) return { genotype, key };
  }
  return null;
}
