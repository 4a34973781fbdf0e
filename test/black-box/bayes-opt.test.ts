import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import type { Estimate, Estimator } from '../../src/estimators/api.js';
import { createRng } from '../../src/random/index.js';
import { canonicalString, enumerateGenotypes, neighbours, sampleGenotype } from '../../src/space/index.js';
import type { CellArchitecture, CellSpace, Genotype, SearchSpace } from '../../src/space/api.js';
import { RandomSearch } from '../../src/black-box/index.js';
import { BayesianOptimisation } from '../../src/black-box/bayes-opt.js';
import { encodeGenotype } from '../../src/black-box/encode-genotype.js';
import {
  erf,
  expectedImprovement,
  fitByMarginalLikelihood,
  GaussianProcess,
  kernelValue,
  logSpace,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalScores,
  type GpHyperparameters,
} from '../../src/black-box/gp/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';

const nb201 = spaceByName('nb201');

/*
 * Reference values computed independently with numpy 1.24 / scipy 1.10
 * (/usr/bin/python3): targets standardised with the population std, then
 * K = s * k(|x - x'| / l) + noise * I, alpha = np.linalg.solve(K, z),
 * mean = mu + sd * Ks @ alpha, latent var = sd^2 * (s - diag(Ks K^-1 Ks^T)),
 * lml = -z @ alpha / 2 - np.linalg.slogdet(K)[1] / 2 - n log(2 pi) / 2
 * (no Cholesky, so the two computations share no code path).
 */
const X = [
  [0, 0],
  [1, 0.5],
  [0.3, 1.2],
  [2, 1],
  [1.5, 2],
];
const Y = [1, 2.5, 0.7, 3.1, 2.2];
const XS = [
  [0.5, 0.5],
  [1.8, 1.6],
  [3, 3],
];
const REFERENCE = {
  rbf: {
    k01: 0.5649051760663205,
    mean: [1.4478511559596288, 2.639191244571867, 1.925588333661353],
    variance: [0.15600218155379797, 0.19408509000374188, 1.2343974377984697],
    lml: -7.17322073744407,
  },
  matern52: {
    k01: 0.4863955855028773,
    mean: [1.5128121619027308, 2.592848942494421, 1.9466913138404007],
    variance: [0.3244042354441098, 0.3529687751589937, 1.2313027357728845],
    lml: -7.243800145111885,
  },
} as const;

describe('Gaussian-process regression', () => {
  it.each(['rbf', 'matern52'] as const)('%s: kernel, posterior mean and variance, log marginal likelihood match numpy', (kernel) => {
    const hyper: GpHyperparameters = { kernel, lengthscale: 0.8, signalVariance: 1.5, noiseVariance: 0.1 };
    const ref = REFERENCE[kernel];
    expect(kernelValue(hyper, X[0]!, X[1]!)).toBeCloseTo(ref.k01, 14);
    const gp = GaussianProcess.fit(X, Y, hyper);
    const { mean, variance } = gp.predict(XS);
    mean.forEach((m, i) => expect(m).toBeCloseTo(ref.mean[i]!, 12));
    variance.forEach((v, i) => expect(v).toBeCloseTo(ref.variance[i]!, 12));
    expect(gp.logMarginalLikelihood).toBeCloseTo(ref.lml, 12);
  });

  it('adds jitter when K + noise I is singular (repeated points, no noise)', () => {
    const gp = GaussianProcess.fit([[0], [0], [1]], [1, 1, 2], { kernel: 'rbf', lengthscale: 1, signalVariance: 1, noiseVariance: 0 });
    const { mean, variance } = gp.predict([[0], [0.5]]);
    expect(mean[0]).toBeCloseTo(1, 4);
    expect(Number.isFinite(mean[1]) && variance.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
  });

  it('selects the hyperparameters of largest log marginal likelihood over the grid', () => {
    const grid = { lengthscales: logSpace(0.1, 10, 5), signalVariances: [0.5, 2], noiseVariances: [1e-3, 0.3] };
    expect(logSpace(0.1, 10, 3).map((v) => Math.log10(v))).toEqual([-1, expect.closeTo(0, 12), 1]);
    const best = fitByMarginalLikelihood(X, Y, 'matern52', grid);
    for (const lengthscale of grid.lengthscales) {
      for (const signalVariance of grid.signalVariances) {
        for (const noiseVariance of grid.noiseVariances) {
          const lml = GaussianProcess.fit(X, Y, { kernel: 'matern52', lengthscale, signalVariance, noiseVariance }).logMarginalLikelihood;
          expect(best.logMarginalLikelihood).toBeGreaterThanOrEqual(lml);
        }
      }
    }
    expect(grid.lengthscales).toContain(best.hyper.lengthscale);
  });
});

describe('normal distribution and expected improvement', () => {
  // scipy.stats.norm.cdf / norm.pdf.
  it.each([
    [1, 0.8413447460685429, 0.24197072451914337],
    [-2, 0.022750131948179195, 0.05399096651318805],
    [0, 0.5, 0.3989422804014327],
    [3.5, 0.9997673709209645, 0.0008726826950457602],
  ])('Phi(%d) and phi(%d)', (x, cdf, pdf) => {
    expect(normalCdf(x)).toBeCloseTo(cdf, 14);
    expect(normalPdf(x)).toBeCloseTo(pdf, 15);
  });

  it('keeps relative accuracy in the lower tail; erf follows', () => {
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 7);
    expect(normalCdf(-20) / 2.7536241186061556e-89).toBeCloseTo(1, 7);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(erf(-0.5)).toBeCloseTo(-0.5204998778130465, 14);
  });

  it('inverts Phi (scipy.stats.norm.ppf) and maps ranks to van der Waerden normal scores', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 13);
    expect(normalQuantile(1e-5)).toBeCloseTo(-4.264890793922825, 11);
    expect([normalQuantile(0), normalQuantile(1), normalQuantile(1.5)]).toEqual([-Infinity, Infinity, Number.NaN]);
    // Ranks 4, 1, 2.5, 2.5 of 4 -> norm.ppf(r / 5); 1..5 of 5 -> norm.ppf(r / 6).
    const tied = normalScores([3, 1, 2, 2]);
    [0.8416212335729143, -0.8416212335729142, 0, 0].forEach((v, i) => expect(tied[i]).toBeCloseTo(v, 13));
    const spread = normalScores([10, 84, 85, 84.5, 9.7]);
    [-0.43072729929545756, 0, 0.967421566101701, 0.43072729929545744, -0.967421566101701].forEach((v, i) =>
      expect(spread[i]).toBeCloseTo(v, 13),
    );
  });

  // (m - best - xi) * norm.cdf(z) + sqrt(v) * norm.pdf(z) with scipy.
  it.each([
    [1, 0.25, 0.8, 0, 0.3152194184737265],
    [1, 0.25, 0.8, 0.1, 0.2534473179316382],
    [0, 4, 1, 0, 0.39559311480261206],
  ])('EI(mean %d, var %d, best %d, xi %d)', (mean, variance, best, xi, ei) => {
    expect(expectedImprovement(mean, variance, best, xi)).toBeCloseTo(ei, 13);
  });

  it('EI is positive far below the incumbent, the plain gain without variance, and refuses xi < 0', () => {
    expect(expectedImprovement(-3, 0.01, 0) / 1.6319567341753464e-200).toBeCloseTo(1, 6);
    expect(expectedImprovement(2, 0, 1)).toBe(1);
    expect(expectedImprovement(0, 0, 1)).toBe(0);
    expect(() => expectedImprovement(0, 1, 0, -0.1)).toThrow(/xi must be >= 0/);
  });
});

describe('encodeGenotype', () => {
  it('is injective on NB201 exactly up to canonicalString (all 15,625 cells)', () => {
    const byEncoding = new Map<string, string>();
    for (const g of enumerateGenotypes(nb201)) {
      const code = encodeGenotype(nb201, g);
      expect(code).toHaveLength(30);
      byEncoding.set(code.join(''), canonicalString(g));
    }
    expect(byEncoding.size).toBe(15625);
    expect(new Set(byEncoding.values()).size).toBe(15625);
  });

  it('agrees with canonicalString on random NB201 pairs (same string iff same vector)', () => {
    const rng = createRng('pairs');
    const sample = () => sampleGenotype(nb201, rng);
    for (let i = 0; i < 2000; i++) {
      const a = sample();
      const b = i % 2 === 0 ? sample() : neighbours(nb201, a)[i % 24]!;
      const sameCode = encodeGenotype(nb201, a).join() === encodeGenotype(nb201, b).join();
      expect(sameCode).toBe(canonicalString(a) === canonicalString(b));
    }
  });

  it.each([
    ['darts', 2 * (2 + 3 + 4 + 5) * 7],
    ['chain', 8 * (6 + 3)],
    ['hierarchical', 6 * (1 + 2 + 3) * 7 + (1 + 2 + 3 + 4) * 7],
  ])('%s: a fixed length, one-hot, edge order ignored, neighbours told apart', (name, length) => {
    const space = spaceByName(name);
    const rng = createRng(name);
    for (let i = 0; i < 20; i++) {
      const g = sampleGenotype(space, rng);
      const code = encodeGenotype(space, g);
      expect(code).toHaveLength(length);
      expect(code.every((v) => v === 0 || v === 1)).toBe(true);
      expect(encodeGenotype(space, reversedEdges(g)).join()).toBe(code.join());
      for (const n of neighbours(space, g).slice(0, 10)) expect(encodeGenotype(space, n).join()).not.toBe(code.join());
    }
  });

  it('refuses a genotype of another space', async () => {
    const chain = sampleGenotype(spaceByName('chain'), createRng(1));
    await expectNasError(() => encodeGenotype(nb201, chain), 'chain genotype', 'cell space nb201');
  });
});

/** The same genotype with every node's edges listed in reverse (canonically equal). */
function reversedEdges(g: Genotype): Genotype {
  const flip = (cell: CellArchitecture['cells']['normal']) => cell && { ...cell, nodes: cell.nodes.map((edges) => [...edges].reverse()) };
  if (g.kind === 'cell') return { ...g, cells: Object.fromEntries(Object.entries(g.cells).map(([t, c]) => [t, flip(c)])) };
  if (g.kind === 'hierarchical') return { ...g, levels: g.levels.map((motifs) => motifs.map((m) => flip(m)!)) };
  return g;
}

/**
 * The synthetic NB201 benchmark of black-box.test.ts, in memory: val = 10 per
 * 3x3 conv + 3 per 1x1 conv + a seeded jitter in [0, 1). The all-3x3 cell is
 * the unique optimum (val >= 60; any other cell scores < 54).
 */
class SyntheticNb201 implements Estimator {
  readonly name = 'synthetic-nb201';
  readonly space: SearchSpace = nb201;
  private readonly jitter = new Map<string, number>();

  constructor() {
    const rng = createRng('table');
    for (const g of enumerateGenotypes(nb201)) this.jitter.set(canonicalString(g), rng());
  }

  async estimate(genotype: Genotype): Promise<Estimate> {
    const edges = (genotype as CellArchitecture).cells.normal!.nodes.flat();
    const val =
      edges.reduce((s, e) => s + (e.op === 'nor_conv_3x3' ? 10 : e.op === 'nor_conv_1x1' ? 3 : 0), 0) +
      this.jitter.get(canonicalString(genotype))!;
    return { score: val, cost: 1, test: val + 1 };
  }
}

describe('BayesianOptimisation', () => {
  const estimator = new SyntheticNb201();

  it('finds the synthetic optimum within 40 queries where random search does not, and beats it on average', async () => {
    const budget = 40;
    let boFound = 0;
    let randomFound = 0;
    let boSum = 0;
    let randomSum = 0;
    for (let s = 0; s < 10; s++) {
      const bo = (await new BayesianOptimisation().run(estimator, budget, createRng(`bo${s}`))).at(-1)!.bestScore;
      const random = (await new RandomSearch().run(estimator, budget, createRng(`bo${s}`))).at(-1)!.bestScore;
      boFound += bo >= 60 ? 1 : 0;
      randomFound += random >= 60 ? 1 : 0;
      boSum += bo;
      randomSum += random;
    }
    expect(boFound).toBeGreaterThanOrEqual(8);
    expect(randomFound).toBeLessThanOrEqual(1);
    expect(boSum / 10).toBeGreaterThan(randomSum / 10 + 5);
  });

  it('is deterministic given the seed and never queries an architecture twice', async () => {
    const run = (seed: string) => new BayesianOptimisation({ candidates: 50, randomCandidates: 10 }).run(estimator, 100, createRng(seed));
    const a = await run('same');
    expect(await run('same')).toEqual(a);
    expect((await run('other')).map((q) => q.genotype)).not.toEqual(a.map((q) => q.genotype));
    expect(a).toHaveLength(100);
    expect(new Set(a.map((q) => q.genotype)).size).toBe(100);
    a.forEach((q, i) => expect(q.bestScore).toBe(Math.max(...a.slice(0, i + 1).map((p) => p.score))));
  });

  it('stops when the space is exhausted instead of repeating an architecture', async () => {
    const tiny: CellSpace = {
      kind: 'cell',
      name: 'tiny',
      ops: ['a', 'b', 'c'],
      inputs: 1,
      nodes: 2,
      edgesPerNode: 'all',
      cellTypes: ['normal'],
      output: 'last-node',
      noneOp: null,
    };
    const scoreOf = (g: Genotype) => canonicalString(g).length + (canonicalString(g).match(/a/g)?.length ?? 0);
    const tinyEstimator: Estimator = { name: 'tiny', space: tiny, estimate: async (g) => ({ score: scoreOf(g), cost: 1 }) };
    const history = await new BayesianOptimisation({ initial: 3 }).run(tinyEstimator, 50, createRng('tiny'));
    expect(history).toHaveLength(27);
    expect(new Set(history.map((q) => q.genotype)).size).toBe(27);
  });

  it('refuses bad options', () => {
    expect(() => new BayesianOptimisation({ xi: -1 })).toThrow(/xi must be >= 0/);
    expect(() => new BayesianOptimisation({ initial: 0 })).toThrow(/initial must be a positive integer/);
    expect(() => new BayesianOptimisation({ randomCandidates: 200 })).toThrow(/randomCandidates must be an integer in 0..candidates/);
  });
});
