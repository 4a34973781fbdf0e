import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { main } from '../../src/cli/main.js';
import { TableEstimator } from '../../src/estimators/index.js';
import { createRng } from '../../src/random/index.js';
import { canonicalString, enumerateGenotypes, parseGenotype } from '../../src/space/index.js';
import type { CellArchitecture } from '../../src/space/api.js';
import { LocalSearch, RandomSearch, RegularizedEvolution } from '../../src/strategies/index.js';

const root = mkdtempSync(join(tmpdir(), 'nas-black-box-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const nb201 = spaceByName('nb201');

/** A synthetic NB201 table over all 15,625 cells: val = 10 per 3x3 conv + 3 per 1x1 conv + a seeded jitter, test = val + 1. */
function writeTable(file: string, ops: readonly string[] = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']) {
  const rng = createRng('table');
  const archs: Record<string, { val: number; test: number }> = {};
  for (const g of enumerateGenotypes(nb201)) {
    const edges = (g as CellArchitecture).cells.normal!.nodes.flat();
    const val = edges.reduce((s, e) => s + (e.op === 'nor_conv_3x3' ? 10 : e.op === 'nor_conv_1x1' ? 3 : 0), 0) + rng();
    archs[canonicalString(g)] = { val, test: val + 1 };
  }
  writeFileSync(file, JSON.stringify({ ops, archs }));
}

const table = join(root, 'table.json');
writeTable(table);

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'nas', ...args], (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('tabular estimator and black-box strategies', () => {
  const estimator = new TableEstimator(nb201, table);

  it('looks architectures up by their canonical string, with val as the score', async () => {
    expect(estimator.size).toBe(15625);
    const all3x3 = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|';
    expect(estimator.oracle().val).toBeGreaterThanOrEqual(60);
    const e = await estimator.estimate(parseGenotype(nb201, all3x3));
    expect(e.score).toBeGreaterThanOrEqual(60);
    expect(e.test).toBeCloseTo(e.score + 1, 10);
  });

  it('random search queries distinct architectures; evolution beats it on the same budget', async () => {
    const finals = async (make: () => RandomSearch | RegularizedEvolution) => {
      let sum = 0;
      for (let s = 0; s < 10; s++) {
        const history = await make().run(estimator, 60, createRng(`s${s}`));
        expect(history).toHaveLength(60);
        if (make().name === 'random') expect(new Set(history.map((q) => q.genotype)).size).toBe(60);
        for (let i = 1; i < history.length; i++) expect(history[i]!.bestScore).toBeGreaterThanOrEqual(history[i - 1]!.bestScore);
        sum += history.at(-1)!.bestScore;
      }
      return sum / 10;
    };
    expect(await finals(() => new RegularizedEvolution({ population: 10, sample: 5 }))).toBeGreaterThan(await finals(() => new RandomSearch()));
  });

  it('local search never queries an architecture twice and climbs past random search', async () => {
    let local = 0;
    let random = 0;
    for (let s = 0; s < 10; s++) {
      const history = await new LocalSearch().run(estimator, 60, createRng(`l${s}`));
      expect(history).toHaveLength(60);
      expect(new Set(history.map((q) => q.genotype)).size).toBe(60);
      local += history.at(-1)!.bestScore;
      random += (await new RandomSearch().run(estimator, 60, createRng(`l${s}`))).at(-1)!.bestScore;
    }
    expect(local).toBeGreaterThan(random);
  });

  it('nas evolve writes the history and mean +- std', async () => {
    const out = join(root, 'evolve');
    const r = await run('evolve', '--estimator', `table:${table}`, '--budget', '30', '--seeds', '3', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^evolution, 3 seed\(s\) x 30 queries: best score \d+\.\d\d \+- \d+\.\d\d, its test/m);
    expect(readFileSync(join(out, 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(90);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.curve).toHaveLength(30);
  });

  it.each([
    [['random', '--estimator', 'table:/nonexistent.json'], /cannot read table \/nonexistent.json/],
    [['evolve', '--estimator', 'supernet:x'], /unknown estimator 'supernet:x'/],
    [['random', '--estimator', 'TABLE', '--budget', '0'], /--budget must be a positive integer, got 0/],
  ])('rejects bad input in one line: %j', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('refuses a table of another space', async () => {
    const other = join(root, 'other.json');
    writeFileSync(other, JSON.stringify({ ops: ['none', 'conv'], archs: {} }));
    const r = await run('random', '--estimator', `table:${other}`, '--out', join(root, 'x'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/has ops \[none, conv\], the nb201 space \[none, skip_connect/);
  });
});
