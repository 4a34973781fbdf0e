import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import type { Nb201Skeleton } from '../../supernets/index.js';
import type { Estimator } from '../../src/estimators/api.js';
import { createRng } from '../../src/random/index.js';
import { canonicalString, enumerateGenotypes, parseGenotype } from '../../src/space/index.js';
import type { CellArchitecture, CellSpace, Genotype } from '../../src/space/api.js';
import { RandomSearch } from '../../src/black-box/index.js';
import { MultiObjectiveEvolution } from '../../src/black-box/multi-objective.js';
import {
  latencyObjective,
  multAddsObjective,
  objectiveByName,
  paramsObjective,
  type Direction,
  type Objective,
} from '../../src/black-box/objectives/index.js';
import { crowdingDistance, dominates, hypervolume2d, nonDominatedSort, paretoFront } from '../../src/black-box/pareto.js';

const nb201 = spaceByName('nb201');
const MAX_MIN: Direction[] = ['max', 'min'];

describe('Pareto dominance', () => {
  // (score, cost): maximise the first, minimise the second.
  const points = [
    [10, 5],
    [8, 3],
    [8, 6],
    [5, 1],
    [7, 4],
    [10, 5],
    [4, 2],
    [3, 7],
  ];

  it('dominance needs one strict improvement; equal points do not dominate each other', () => {
    expect(dominates([10, 5], [8, 6], MAX_MIN)).toBe(true);
    expect(dominates([8, 3], [8, 6], MAX_MIN)).toBe(true);
    expect(dominates([10, 5], [10, 5], MAX_MIN)).toBe(false);
    expect(dominates([10, 5], [8, 3], MAX_MIN)).toBe(false);
    expect(dominates([8, 3], [10, 5], MAX_MIN)).toBe(false);
    expect(dominates([1, 1], [2, 2], ['min', 'min'])).toBe(true);
  });

  it('fast non-dominated sort gives the fronts in order, equal points sharing one', () => {
    expect(nonDominatedSort(points, MAX_MIN)).toEqual([[0, 1, 3, 5], [2, 4, 6], [7]]);
    expect(paretoFront(points, MAX_MIN)).toEqual([0, 1, 3, 5]);
    expect(nonDominatedSort([], MAX_MIN)).toEqual([]);
  });

  it('crowding distance: Infinity at the ends, neighbour gaps over the range inside', () => {
    const front = [
      [0, 5],
      [1, 3],
      [3, 1],
      [4, 0],
    ];
    // Objective 0 (range 4): (3 - 0) / 4 and (4 - 1) / 4; objective 1 (range 5): (5 - 1) / 5 and (3 - 0) / 5.
    const d = crowdingDistance(front, [0, 1, 2, 3]);
    expect(d[0]).toBe(Infinity);
    expect(d[3]).toBe(Infinity);
    expect(d[1]).toBeCloseTo(0.75 + 0.8, 12);
    expect(d[2]).toBeCloseTo(0.75 + 0.6, 12);
    // Only the listed members count, aligned with the list.
    expect(crowdingDistance(front, [2, 0, 1])).toEqual([Infinity, Infinity, 1 + 1]);
  });

  it('2-D hypervolume is the dominated area up to the reference', () => {
    const ref = [0, 10];
    expect(hypervolume2d([[10, 5]], MAX_MIN, ref)).toBe(50);
    // Strips: 10 * (10 - 5) + 8 * (5 - 3) + 5 * (3 - 1).
    expect(
      hypervolume2d(
        [
          [10, 5],
          [8, 3],
          [5, 1],
        ],
        MAX_MIN,
        ref,
      ),
    ).toBe(76);
    // A dominated point and one beyond the reference add nothing; order does not matter.
    expect(
      hypervolume2d(
        [
          [5, 1],
          [7, 4],
          [12, 11],
          [10, 5],
          [8, 3],
        ],
        MAX_MIN,
        ref,
      ),
    ).toBe(76);
    expect(hypervolume2d([[1, 1]], ['min', 'min'], [3, 2])).toBe(2);
  });
});

/** Synthetic NB201 trade-off: val = 10 per 3x3 conv + 3 per 1x1 conv; cost = kernel area per conv edge (9 or 1). */
function counts(g: Genotype): { n3: number; n1: number } {
  const ops = (g as CellArchitecture).cells.normal!.nodes.flat().map((e) => e.op);
  return { n3: ops.filter((o) => o === 'nor_conv_3x3').length, n1: ops.filter((o) => o === 'nor_conv_1x1').length };
}
const toyVal = (g: Genotype) => 10 * counts(g).n3 + 3 * counts(g).n1;
const toyCost = (g: Genotype) => 9 * counts(g).n3 + counts(g).n1;

function toyEstimator(space: CellSpace = nb201): Estimator & { queries: number } {
  return {
    name: 'toy',
    space,
    queries: 0,
    async estimate(g) {
      this.queries++;
      return { score: toyVal(g), cost: 1, test: toyVal(g) + 1 };
    },
  };
}
const convCost: Objective = { name: 'conv-cost', direction: 'min', measure: async (g) => toyCost(g) };

/** The truly Pareto-optimal (val, cost) pairs of all 15,625 cells (few distinct pairs, so the sort is cheap). */
function trueFrontVectors(): Set<string> {
  const vectors = [...new Set([...enumerateGenotypes(nb201)].map((g) => `${toyVal(g)},${toyCost(g)}`))].map((k) =>
    k.split(',').map(Number),
  );
  return new Set(paretoFront(vectors, MAX_MIN).map((i) => vectors[i]!.join(',')));
}

describe('MultiObjectiveEvolution (pareto)', () => {
  const REF = [-1, 55]; // worse than every cell: val >= 0, cost <= 54
  const BUDGET = 200;

  it('finds mostly truly optimal architectures, with more hypervolume than random search', async () => {
    const optimal = trueFrontVectors();
    let precision = 0;
    let hvPareto = 0;
    let hvRandom = 0;
    const seeds = 4;
    for (let s = 0; s < seeds; s++) {
      const strategy = new MultiObjectiveEvolution([convCost], { population: 20 });
      const history = await strategy.run(toyEstimator(), BUDGET, createRng(`p${s}`));
      expect(history).toHaveLength(BUDGET);
      expect(new Set(history.map((q) => q.genotype)).size).toBe(BUDGET);
      for (let i = 1; i < history.length; i++) expect(history[i]!.bestScore).toBeGreaterThanOrEqual(history[i - 1]!.bestScore);
      const front = strategy.front;
      expect(strategy.report()).toEqual({ front });
      for (let i = 1; i < front.length; i++)
        expect(front[i]!.objectives['conv-cost']).toBeGreaterThanOrEqual(front[i - 1]!.objectives['conv-cost']!);
      for (const p of front) {
        const g = parseGenotype(nb201, p.genotype);
        expect([p.score, p.test, p.objectives['conv-cost']]).toEqual([toyVal(g), toyVal(g) + 1, toyCost(g)]);
      }
      precision += front.filter((p) => optimal.has(`${p.score},${p.objectives['conv-cost']}`)).length / front.length;
      hvPareto += hypervolume2d(
        front.map((p) => [p.score, p.objectives['conv-cost']!]),
        MAX_MIN,
        REF,
      );
      const random = await new RandomSearch().run(toyEstimator(), BUDGET, createRng(`p${s}`));
      hvRandom += hypervolume2d(
        random.map((q) => [q.score, toyCost(parseGenotype(nb201, q.genotype))]),
        MAX_MIN,
        REF,
      );
    }
    // Measured at this budget: 0.71-1.00 per seed over 12 other seeds (mean 0.84).
    expect(precision / seeds).toBeGreaterThan(0.6);
    expect(hvPareto / seeds).toBeGreaterThan(hvRandom / seeds);
  });

  it('is deterministic given the seed', async () => {
    const once = async (seed: string) => {
      const strategy = new MultiObjectiveEvolution([convCost], { population: 8 });
      const history = await strategy.run(toyEstimator(), 40, createRng(seed));
      return { history, front: strategy.front };
    };
    const a = await once('d');
    expect(await once('d')).toEqual(a);
    expect((await once('e')).history.map((q) => q.genotype)).not.toEqual(a.history.map((q) => q.genotype));
  });

  it('never queries an architecture twice, and stops when the space runs out', async () => {
    // 3 edges x 3 ops: 27 cells, fewer than the budget.
    const tiny: CellSpace = { ...nb201, name: 'tiny', ops: ['none', 'skip_connect', 'nor_conv_3x3'], nodes: 2 };
    const estimator = toyEstimator(tiny);
    const strategy = new MultiObjectiveEvolution([convCost], { population: 6 });
    const history = await strategy.run(estimator, 40, createRng('t'));
    expect(history).toHaveLength(27);
    expect(estimator.queries).toBe(27);
    expect(new Set(history.map((q) => q.genotype)).size).toBe(27);
    // Everything was seen, so the front is exact: 0..3 convs, 0..27 cost; ties included.
    expect(new Set(strategy.front.map((p) => p.score))).toEqual(new Set([0, 10, 20, 30]));
  });

  it('refuses no objectives and repeated objective names', () => {
    expect(() => new MultiObjectiveEvolution([])).toThrow(/at least one objective/);
    expect(() => new MultiObjectiveEvolution([convCost, convCost])).toThrow(/'conv-cost' is given twice/);
    expect(() => new MultiObjectiveEvolution([convCost], { population: 0 })).toThrow(/positive integer/);
  });
});

describe('architecture-cost objectives on a tiny NB201 network', () => {
  const skeleton: Nb201Skeleton = { kind: 'nb201', channels: 4, cellsPerStage: 1, inputChannels: 3, classes: 10 };
  const config = { space: nb201, skeleton, inputShape: [8, 8, 3] as const };
  const cell = (op: string) => parseGenotype(nb201, `|${op}~0|+|${op}~0|${op}~1|+|${op}~0|${op}~1|${op}~2|`);
  const conv = cell('nor_conv_3x3');
  const skip = cell('skip_connect');

  it('params and mult-adds rank an all-3x3-conv cell above an all-skip cell', async () => {
    const params = paramsObjective(config);
    const madds = multAddsObjective(config);
    expect(params.direction).toBe('min');
    const [pConv, pSkip] = [await params.measure(conv), await params.measure(skip)];
    expect(pSkip).toBeGreaterThan(0);
    // Six 3x3 convs (ReLU-conv-BN, affine BN) per cell, one cell per stage at 4, 8, 16 channels.
    expect(pConv - pSkip).toBe(6 * [4, 8, 16].reduce((n, c) => n + 9 * c * c + 2 * c, 0));
    const [mConv, mSkip] = [await madds.measure(conv), await madds.measure(skip)];
    expect(mSkip).toBeGreaterThan(0);
    expect(mConv).toBeGreaterThan(mSkip);
    expect(await params.measure(parseGenotype(nb201, canonicalString(conv)))).toBe(pConv);
  });

  it('latency is positive and cached per architecture', async () => {
    const latency = latencyObjective(config, { runs: 3, warmup: 1 });
    const first = await latency.measure(conv);
    expect(first).toBeGreaterThan(0);
    // A fresh measurement would differ in the last digits: the same number means the cache answered.
    expect(await latency.measure(conv)).toBe(first);
  });

  it('objectives by name; unknown names and a wrong input shape are one-line errors', () => {
    expect(objectiveByName('mult-adds', config).name).toBe('mult-adds');
    expect(() => objectiveByName('flops', config)).toThrow(/unknown objective 'flops' \(known: params, mult-adds, latency\)/);
    expect(() => paramsObjective({ ...config, inputShape: [8, 8, 1] })).toThrow(/1 channel\(s\), the skeleton takes 3/);
  });
});
