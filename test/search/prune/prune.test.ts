import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { SupernetEstimator } from '../../../src/estimators/index.js';
import { PRUNE_FILES, poolArchitectures, pruneAgreement, runPrune, topShare } from '../../../src/search/prune/index.js';
import { canonicalString, computationKey, parseGenotype, uniqueGenotypes } from '../../../src/space/index.js';
import { seedPairs } from '../../../src/search/prune/seed-noise.js';
import { expectNasError, expectNasErrorSync } from '../../helpers/expect-nas-error.js';
import { runCli } from '../../helpers/run-cli.js';
import { buildTinyTable } from '../../helpers/tiny-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-prune-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const table = join(root, 'tiny.json');
const parent = join(root, 'parent');
const nb201 = spaceByName('nb201');

beforeAll(async () => {
  const built = await buildTinyTable(table, 6, 1);
  expect(built.code, built.err).toBe(0);
  const args = ['--data-from-table', table, '--epochs', '1', '--batch-size', '30', '--unique-paths', 'true', '--out', parent];
  const searched = await runCli('search', 'spos', ...args);
  expect(searched.code, searched.err).toBe(0);
}, 240_000);

describe('prune-and-fine-tune pieces', () => {
  it('keeps the top share (at least two), best first, ties in pool order', () => {
    expect(topShare([0.1, 0.9, 0.5, 0.9, 0.2], 0.4)).toEqual([1, 3]);
    expect(topShare([3, 1, 2], 0.1)).toEqual([0, 2]);
    expect(topShare([3, 1, 2], 1)).toEqual([0, 2, 1]);
    expectNasErrorSync(() => topShare([1, 2], 0), '--keep must be a share in (0, 1]');
  });

  it("pools a table's computations, or a seeded sample of the space's", () => {
    const fromTable = poolArchitectures(nb201, { kind: 'table', file: table });
    expect(fromTable).toHaveLength(6);
    expect(new Set(fromTable.map((g) => computationKey(nb201, g))).size).toBe(6);
    const sample = poolArchitectures(nb201, { kind: 'space', k: 50, seed: 'a' });
    expect(sample).toEqual(poolArchitectures(nb201, { kind: 'space', k: 50, seed: 'a' }));
    expect(sample).not.toEqual(poolArchitectures(nb201, { kind: 'space', k: 50, seed: 'b' }));
    expect(poolArchitectures(nb201, { kind: 'space', k: null, seed: 'a' })).toHaveLength(uniqueGenotypes(nb201).length);
    expectNasErrorSync(() => poolArchitectures(nb201, { kind: 'space', k: 1, seed: 'a' }), '--k must be a whole number');
  });

  it('measures tau over the pool and within the kept share, before and after', () => {
    const truth = [1, 2, 3, 4, 5, 6];
    const a = pruneAgreement([6, 5, 4, 3, 2, 1], [1, 2, 3, 4, 6, 5], truth, [4, 5], { seed: 's', bootstrap: 20 });
    expect(a.all.parent.estimate).toBeCloseTo(-1);
    expect(a.all.tuned.estimate).toBeCloseTo(13 / 15);
    expect(a.within.parent.estimate).toBeCloseTo(-1);
    expect(a.within.tuned.estimate).toBeCloseTo(-1);
    expect([a.pool, a.kept]).toEqual([6, 2]);
    expect(a.seeds).toBeNull();
    const withSeeds = pruneAgreement([1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2], {
      seed: 's',
      bootstrap: 20,
      seedPairs: [
        [1, 2, 3],
        [3, 2, 1],
      ],
    });
    expect(withSeeds.seeds?.all.estimate).toBeCloseTo(-1);
  });

  it("reads two seeds' trainings per pool architecture from a table that kept its runs (its own noise ceiling)", () => {
    const pool = poolArchitectures(nb201, { kind: 'table', file: table });
    // The tiny table trained one seed: no pairs.
    expect(seedPairs(nb201, table, pool)).toBeNull();
    const file = join(root, 'two-seeds.json');
    const run = (seed: number, val: number) => ({ seed, val, test: val });
    const archs = Object.fromEntries(pool.map((g, i) => [canonicalString(g), { val: i, test: i, runs: [run(2, 10 - i), run(1, i)] }]));
    writeFileSync(file, JSON.stringify({ archs }));
    expect(seedPairs(nb201, file, pool)).toEqual([pool.map((_, i) => i), pool.map((_, i) => 10 - i)]);
  });
});

describe('nas prune', () => {
  it('ranks the pool with the parent, keeps its top share, fine-tunes on the kept ones only, and reports tau before and after', async () => {
    const out = join(root, 'prune');
    const r = await runCli(
      'prune',
      '--from',
      parent,
      '--within-table',
      table,
      '--keep',
      '0.5',
      '--epochs',
      '1',
      '--truth',
      `table:${table}`,
      '--bootstrap',
      '50',
      '--out',
      out,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('kept 3 architectures; fine-tuned 1 epoch(s) from 1: 2 epochs of steps');
    expect(r.out).toMatch(/Kendall tau over all 6: parent -?\d\.\d{3} \[.*\], fine-tuned -?\d\.\d{3}/);
    expect(r.out).toMatch(/Kendall tau within the kept 3: parent/);
    // The kept ones are the parent's top half, as the supernet estimator scores them.
    const pool = poolArchitectures(nb201, { kind: 'table', file: table });
    const estimator = await SupernetEstimator.load(parent);
    const scores: number[] = [];
    try {
      for (const g of pool) scores.push((await estimator.estimate(g)).score);
    } finally {
      estimator.dispose();
    }
    const kept = JSON.parse(readFileSync(join(out, PRUNE_FILES.kept), 'utf8')) as string[];
    expect(kept.map((s) => computationKey(nb201, parseGenotype(nb201, s)))).toEqual(
      topShare(scores, 0.5).map((i) => computationKey(nb201, pool[i]!)),
    );
    // The fine-tuning is a search run restricted to them; what it derives is one of them.
    const tune = join(out, PRUNE_FILES.fineTune);
    const header = JSON.parse(readFileSync(join(tune, 'config.json'), 'utf8')) as { config: Record<string, unknown> };
    expect(header.config).toMatchObject({ strategy: 'spos-restricted', epochs: 1, options: { keep: kept, splitEdges: [] } });
    const derived = parseGenotype(nb201, readFileSync(join(tune, 'genotype.txt'), 'utf8').trim());
    expect(kept.map((s) => computationKey(nb201, parseGenotype(nb201, s)))).toContain(computationKey(nb201, derived));
    const report = JSON.parse(readFileSync(join(out, PRUNE_FILES.report), 'utf8')) as { pool: number; kept: string[] };
    expect(report.pool).toBe(6);
    // Finished: a resume has nothing left to do and says the same.
    const again = await runCli('prune', '--resume', out);
    expect(again.code, again.err).toBe(0);
    expect(again.out.split('\n').slice(0, 3)).toEqual(r.out.split('\n').slice(0, 3));
  });

  it('a stopped prune resumes without scoring twice', async () => {
    const out = join(root, 'stopped');
    let polls = 0;
    const first = await runPrune({
      parent,
      keep: 0.5,
      pool: { kind: 'table', file: table },
      epochs: 1,
      out,
      shouldStop: () => ++polls > 3,
    });
    expect(first.stopped).toBe(true);
    const lines = () => readFileSync(join(out, PRUNE_FILES.parentScores), 'utf8').trim().split('\n');
    expect(lines()).toHaveLength(3);
    const rest = await runPrune({ parent, keep: 0.5, pool: { kind: 'table', file: table }, epochs: 1, out, resume: true });
    expect(rest.stopped).toBe(false);
    expect(lines()).toHaveLength(6);
    expect(existsSync(join(out, PRUNE_FILES.fineTune, 'result.json'))).toBe(true);
  });

  it('bad input is one line, and nothing is written', async () => {
    await expectNasError(
      () => runPrune({ parent, keep: 1.5, pool: { kind: 'table', file: table }, epochs: 1, out: join(root, 'bad') }),
      '--keep',
    );
    expect(existsSync(join(root, 'bad'))).toBe(false);
    const r = await runCli('prune', '--from', parent, '--epochs', '1', '--truth', 'retrain', '--out', join(root, 'bad2'));
    expect(r.code).not.toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    await expectNasError(
      () => runPrune({ parent, keep: 0.5, pool: { kind: 'table', file: table }, epochs: 1, out: join(root, 'none'), resume: true }),
      'has no prune.json',
    );
  });
});
