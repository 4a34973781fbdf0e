import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { BayesianOptimisation } from '../../src/black-box/bayes-opt.js';
import { PriorFeature } from '../../src/black-box/zc-prior.js';
import type { Estimate, Estimator } from '../../src/estimators/api.js';
import { createRng } from '../../src/random/index.js';
import { canonicalString, enumerateGenotypes } from '../../src/space/index.js';
import type { CellArchitecture, Genotype } from '../../src/space/api.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { runCli } from '../helpers/run-cli.js';

const nb201 = spaceByName('nb201');
const root = mkdtempSync(join(tmpdir(), 'nas-bo-prior-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** 10 per 3x3 conv + 3 per 1x1 conv: the part of the synthetic benchmark a proxy could know. */
const convScore = (g: Genotype) =>
  (g as CellArchitecture).cells
    .normal!.nodes.flat()
    .reduce((s, e) => s + (e.op === 'nor_conv_3x3' ? 10 : e.op === 'nor_conv_1x1' ? 3 : 0), 0);

/** The synthetic NB201 benchmark of the BO tests: convScore + a seeded jitter in [0, 1); the all-3x3 cell (>= 60) is the optimum. */
const jitter = new Map<string, number>();
const rng = createRng('table');
for (const g of enumerateGenotypes(nb201)) jitter.set(canonicalString(g), rng());
const truth: Estimator = {
  name: 'synthetic',
  space: nb201,
  estimate: async (g): Promise<Estimate> => ({ score: convScore(g) + jitter.get(canonicalString(g))!, cost: 1 }),
};

/** A prior estimator scoring with `score`, counting loads and disposals. */
function counted(score: (g: Genotype) => number) {
  const counts = { loads: 0, disposals: 0 };
  const loader = async (): Promise<Estimator> => {
    counts.loads++;
    return { name: 'prior', space: nb201, estimate: async (g) => ({ score: score(g), cost: 0 }), dispose: () => void counts.disposals++ };
  };
  return { counts, loader };
}

describe('BO with a zero-cost prior', () => {
  it('standardises the prior by the first scores it is given, clipped to 3 sd, NaN at the mean', async () => {
    const p = await PriorFeature.load(counted(() => 0).loader, 2);
    p.freeze([1, 2, 3, Number.NEGATIVE_INFINITY]);
    p.freeze([100, 200]); // kept: the first standardisation
    expect(p.feature(3)).toBeCloseTo(2);
    expect(p.feature(Number.NEGATIVE_INFINITY)).toBe(-6);
    expect(p.feature(Number.NaN)).toBe(0);
    await expectNasError(() => PriorFeature.load(counted(() => 0).loader, 0), '--prior-weight must be a number > 0');
    expect(() => new BayesianOptimisation({ priorWeight: -1 })).toThrow(/prior-weight/);
  });

  it('leaves the search as it was when the prior says nothing (a constant), and loads and frees the prior once per run', async () => {
    const { counts, loader } = counted(() => 7);
    const plain = await new BayesianOptimisation({ candidates: 30 }).run(truth, 16, createRng('same'));
    const withPrior = await new BayesianOptimisation({ candidates: 30, prior: loader }).run(truth, 16, createRng('same'));
    expect(withPrior).toEqual(plain);
    expect(counts).toEqual({ loads: 1, disposals: 1 });
  });

  it('finds the optimum sooner with a prior that knows the benchmark than without', async () => {
    const { loader } = counted(convScore);
    let [plainFound, priorFound] = [0, 0];
    for (let s = 0; s < 6; s++) {
      const best = async (prior: boolean) =>
        (await new BayesianOptimisation({ candidates: 50, ...(prior ? { prior: loader } : {}) }).run(truth, 16, createRng(`prior${s}`))).at(
          -1,
        )!.bestScore;
      plainFound += (await best(false)) >= 60 ? 1 : 0;
      priorFound += (await best(true)) >= 60 ? 1 : 0;
    }
    expect(priorFound).toBeGreaterThan(plainFound);
  });

  it('refuses an unknown --prior on the command line', async () => {
    const table = join(root, 'table.json');
    const archs: Record<string, { val: number; test: number }> = {};
    for (const g of enumerateGenotypes(nb201)) archs[canonicalString(g)] = { val: convScore(g), test: convScore(g) };
    writeFileSync(table, JSON.stringify({ ops: nb201.ops, archs }));
    const { code, err } = await runCli(
      'bo',
      '--estimator',
      `table:${table}`,
      '--prior',
      'zc:nope',
      '--budget',
      '2',
      '--out',
      join(root, 'bo'),
    );
    expect(code).not.toBe(0);
    expect(err).toContain('--prior must be zc:NAME with NAME one of');
  });
});
