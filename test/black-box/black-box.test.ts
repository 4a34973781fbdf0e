import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { TableEstimator } from '../../src/estimators/index.js';
import { createRng } from '../../src/random/index.js';
import { canonicalString, enumerateGenotypes, parseGenotype } from '../../src/space/index.js';
import type { CellArchitecture } from '../../src/space/api.js';
import { LocalSearch, RandomSearch, RegularizedEvolution, runBlackBox } from '../../src/black-box/index.js';
import { runCli } from '../helpers/run-cli.js';

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

const run = runCli;

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
    expect(await finals(() => new RegularizedEvolution({ population: 10, sample: 5 }))).toBeGreaterThan(
      await finals(() => new RandomSearch()),
    );
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

  it('a stopped run resumes exactly where it was: the same history and result as an uninterrupted one', async () => {
    const whole = await runBlackBox(new RegularizedEvolution({ population: 8, sample: 3 }), estimator, {
      budget: 20,
      seeds: 2,
      seed: 'r',
      out: join(root, 'whole'),
    });
    const out = join(root, 'stopped');
    let asked = 0;
    const stopped = await runBlackBox(new RegularizedEvolution({ population: 8, sample: 3 }), estimator, {
      budget: 20,
      seeds: 2,
      seed: 'r',
      out,
      shouldStop: () => ++asked > 27,
    });
    expect(stopped).toEqual({ stopped: true, queries: 27 });
    expect(existsSync(join(out, 'result.json'))).toBe(false);
    const resumed = await runBlackBox(new RegularizedEvolution({ population: 8, sample: 3 }), estimator, {
      budget: 20,
      seeds: 2,
      seed: 'r',
      out,
      resume: true,
    });
    const strip = (file: string) =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const { ms: _ms, ...q } = JSON.parse(l);
          return q;
        });
    expect(strip(join(out, 'history.jsonl'))).toEqual(strip(join(root, 'whole', 'history.jsonl')));
    expect(resumed.stopped).toBe(false);
    if (!resumed.stopped && !whole.stopped) expect({ ...resumed.result, seconds: 0 }).toEqual({ ...whole.result, seconds: 0 });
  });

  it('nas evolve --resume continues a killed run whose last history line was cut short', async () => {
    const full = join(root, 'cli-full');
    const cut = join(root, 'cli-cut');
    const args = ['--estimator', `table:${table}`, '--budget', '15', '--seeds', '2', '--population', '5', '--sample', '2'];
    expect((await run('evolve', ...args, '--out', full)).code).toBe(0);
    expect((await run('evolve', ...args, '--out', cut)).code).toBe(0);
    // What a kill leaves: 20 whole lines, a part of the 21st, no result.
    const lines = readFileSync(join(cut, 'history.jsonl'), 'utf8').split('\n');
    writeFileSync(join(cut, 'history.jsonl'), `${lines.slice(0, 20).join('\n')}\n${lines[20]!.slice(0, 30)}`);
    rmSync(join(cut, 'result.json'));
    const r = await run('evolve', '--resume', cut);
    expect(r.code).toBe(0);
    const best = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).best;
    expect(best(cut)).toEqual(best(full));
    expect(readFileSync(join(cut, 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(30);
    expect((await run('random', '--resume', cut)).err).toMatch(/is a 'evolve' run; resume it with nas evolve --resume/);
    // A setting given with --resume would be ignored for the saved one: refused, naming it.
    const clash = await run('evolve', '--resume', cut, '--budget', '50');
    expect(clash.code).toBe(2);
    expect(clash.err).toMatch(/^nas: --resume continues the run with its own settings; drop --budget$/m);
  });

  it('nas bo finds the optimum of the toy table', async () => {
    const out = join(root, 'bo');
    const r = await run('bo', '--estimator', `table:${table}`, '--budget', '40', '--seeds', '2', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^bo, 2 seed\(s\) x 40 queries: best score/m);
    // The toy optimum: a 3x3 conv on every edge.
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).best.genotype).toBe(
      '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|',
    );
  });

  it('nas pareto returns the front of score vs weights, none of it dominated by another query', async () => {
    const out = join(root, 'pareto');
    const r = await run(
      'pareto',
      '--estimator',
      `table:${table}`,
      '--budget',
      '24',
      '--population',
      '8',
      '--objectives',
      'params',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Pareto front of seed 1 \(\d+ architectures\), score vs params:/);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    const front = result.per_seed[0].report.front as { genotype: string; score: number; objectives: { params: number } }[];
    expect(front.length).toBeGreaterThan(0);
    const queried = readFileSync(join(out, 'history.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(queried).toHaveLength(24);
    const front_ = new Set(front.map((p) => p.genotype));
    const all = queried.map((q) => ({
      genotype: q.genotype as string,
      score: q.score as number,
      params: front.find((p) => p.genotype === q.genotype)?.objectives.params,
    }));
    // No front point is dominated by another front point (as cheap or cheaper and as good or better, one strictly).
    for (const p of front) {
      for (const q of front) {
        const dominated =
          q.objectives.params <= p.objectives.params &&
          q.score >= p.score &&
          (q.objectives.params < p.objectives.params || q.score > p.score);
        expect(dominated).toBe(false);
      }
    }
    // The highest-scoring query is always on the front.
    expect(front_.has(all.reduce((a, b) => (b.score > a.score ? b : a)).genotype)).toBe(true);
  }, 60_000);

  it.each([
    [
      ['pareto', '--estimator', `table:${table}`, '--objectives', 'params,speed'],
      /unknown objective 'speed' \(known: params, mult-adds, latency\)/,
    ],
    [['bo', '--estimator', `table:${table}`, '--kernel', 'linear'], /unknown kernel 'linear' \(known: rbf, matern52\)/],
    [['bo', '--estimator', `table:${table}`, '--initial', '0'], /initial must be a positive integer, got 0/],
    [['evolve', '--estimator', `table:${table}`, '--population', '0'], /the population must be a positive integer, got 0/],
    [
      ['evolve', '--estimator', `table:${table}`, '--population', '5', '--sample', '6'],
      /the tournament size must be an integer from 1 to the population \(5\), got 6/,
    ],
    [['random', '--estimator', 'table:/nonexistent.json'], /cannot read table \/nonexistent.json/],
    [['evolve', '--estimator', 'supernet:/nonexistent-run'], /supernet \/nonexistent-run: no such file or directory/],
    [
      ['evolve', '--estimator', 'tables:x'],
      /unknown estimator 'tables:x' \(known: table:FILE, supernet:RUN, retrain, zc:NAME, rank:SPEC,SPEC\.\.\., extrapolate:EPOCHS:INNER\)/,
    ],
    [['local', '--budget', '5'], /nas local needs --estimator/],
    [['evolve', '--resume', '/nonexistent-run'], /cannot resume \/nonexistent-run: it has no config.json/],
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
