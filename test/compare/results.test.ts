import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { compareLines, compareResults, type CompareRecord, type CompareSettings } from '../../src/compare/index.js';
import { perfectRankerTau } from '../../src/table/ceiling-model.js';
import { resolveTableRecipe, type TableFile } from '../../src/table/index.js';

const nb201 = spaceByName('nb201');
const arch = (ops: string, last: string) => `|${ops}~0|+|none~0|none~1|+|none~0|none~1|${last}~2|`;

/** Six architectures whose two seeds agree on the whole (covariance > 0), so the noise model fits. */
const vals: Record<string, [number, number]> = {
  [arch('nor_conv_3x3', 'skip_connect')]: [80, 82],
  [arch('nor_conv_1x1', 'skip_connect')]: [84, 84],
  [arch('avg_pool_3x3', 'skip_connect')]: [78, 76],
  [arch('nor_conv_3x3', 'nor_conv_3x3')]: [85, 83],
  [arch('nor_conv_1x1', 'nor_conv_1x1')]: [81, 82],
  [arch('skip_connect', 'avg_pool_3x3')]: [75, 77],
};
const run = (seed: number, val: number) => ({ seed, val, test: val - 1, train_loss: 1, curve: [], seconds: 1 });
const table: TableFile = {
  benchmark: 'test',
  header: {
    kind: 'nas-table',
    toolkit: 'test',
    space: 'nb201',
    dataset: 'fashion-mnist',
    recipe: resolveTableRecipe({ space: 'nb201' }),
    ledger: 'x',
  },
  fields: {},
  ops: nb201.ops,
  archs: Object.fromEntries(
    Object.entries(vals).map(([a, [v1, v2]]) => [
      a,
      { val: (v1 + v2) / 2, test: (v1 + v2) / 2 - 1, params: 1, mult_adds: 1, runs: [run(1, v1), run(2, v2)] },
    ]),
  ),
};

const settings: CompareSettings = {
  table: '/t.json',
  seeds: 1,
  methods: ['spos', 'random'],
  epochs: 1,
  queries: 3,
  tauArchs: 200,
  tauSnapshots: 0,
  bootstrap: 10,
};

describe('compareResults', () => {
  it("reads each supernet's tau against the perfect estimator's, simulated over as many architectures as the tau", () => {
    const [a, b] = Object.keys(vals);
    const tau = { estimate: 0.2, low: -0.1, high: 0.5, resamples: 10, skipped: 0 };
    const records: CompareRecord[] = [
      { step: 'search', method: 'spos', seed: 0, dir: '/s', seconds: 5 },
      { step: 'evolve', method: 'spos', seed: 0, dir: '/e', seconds: 1 },
      { step: 'lookup', method: 'spos', seed: 0, genotype: a!, val: 81, test: 80, grown: false, seconds: 0 },
      // The pool held 5 of the table's 6 when the comparison began: tau was measured over 5.
      { step: 'tau', method: 'spos', seed: 0, archs: 5, tau, snapshots: [], seconds: 2 },
      { step: 'black-box', method: 'random', seed: 0, dir: '/r', seconds: 0 },
      { step: 'lookup', method: 'random', seed: 0, genotype: b!, val: 84, test: 83, grown: false, seconds: 0 },
    ];
    const results = compareResults(settings, records, table);
    const pairs = Object.values(vals);
    const expected = perfectRankerTau(pairs, 2, 100, 5)!;
    expect(results.perfect_ranker).toEqual({ tau: expected.tau, low: expected.lo, high: expected.hi, archs: 5 });
    expect(compareLines(results)).toContain(
      `perfect estimator (the table's seed-noise model, over 5 architectures): Kendall tau ${expected.tau.toFixed(3)} [${expected.lo.toFixed(3)}, ${expected.hi.toFixed(3)}], the most a supernet's tau can reach here`,
    );
    // Before any tau is measured: min(--tau-archs, table).
    expect(compareResults(settings, records.slice(0, 3).concat(records.slice(4)), table).perfect_ranker?.archs).toBe(6);
  });
});
