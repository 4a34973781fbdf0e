import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { RandomSearch, RegularizedEvolution, runBlackBox } from '../../src/black-box/index.js';
import { EarlyStoppingEstimator, ExtrapolateEstimator, TableEstimator } from '../../src/estimators/index.js';
import { earlyStopDecision, extrapolateCurve } from '../../src/fidelity/index.js';
import { createRng } from '../../src/random/index.js';
import { sampleGenotype } from '../../src/space/index.js';
import { runCli } from '../helpers/run-cli.js';
import { writeCurveTable } from './fidelity-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-early-stop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const nb201 = spaceByName('nb201');
const table = join(root, 't.json');
writeCurveTable(table, 9);
const rule = { minEpochs: 2, threshold: 0.05 };
const saturating = (final: number, epochs: number) =>
  Array.from({ length: epochs }, (_, i) => (final * (1 - 0.5 ** (i + 1))) / (1 - 0.5 ** 9));

describe('the early-stopping rule', () => {
  it('decides nothing without an incumbent, before its minimum or at the last epoch', () => {
    const curve = saturating(40, 4);
    expect(earlyStopDecision(curve, 9, null, rule)).toBeNull();
    expect(earlyStopDecision(curve.slice(0, 1), 9, 80, rule)).toBeNull();
    expect(earlyStopDecision(saturating(40, 9), 9, 80, rule)).toBeNull();
  });

  it('stops a curve heading far below the incumbent and lets one heading above it go on', () => {
    const stop = earlyStopDecision(saturating(40, 3), 9, 70, rule);
    expect(stop?.epochs).toBe(3);
    expect(stop!.probability).toBeLessThan(0.05);
    expect(stop!.prediction.mean).toBe(extrapolateCurve(saturating(40, 3), 9).mean);
    expect(earlyStopDecision(saturating(70, 3), 9, 60, rule)).toBeNull();
  });
});

describe('early stopping on a table charging seconds', () => {
  const seconds = () => new TableEstimator(nb201, table, { seconds: true });

  it('charges the epochs a search has not trained, and forgets them on a new search', async () => {
    const t = seconds();
    const g = sampleGenotype(nb201, createRng('charge'));
    expect((await t.estimate(g, { epochs: 3 })).cost).toBeCloseTo(10 / 3, 9);
    expect((await t.estimate(g, { epochs: 9 })).cost).toBeCloseTo((10 * 6) / 9, 9);
    expect((await t.estimate(g)).cost).toBe(0);
    t.beginSearch();
    expect((await t.estimate(g)).cost).toBe(10);
    expect((await new TableEstimator(nb201, table).estimate(g)).cost).toBe(1);
  });

  it('stops hopeless trainings, pays only their epochs, and never stops the best', async () => {
    const plain = await new RandomSearch().run(seconds(), 30, createRng('es'));
    const stopped = await new RandomSearch().run(new EarlyStoppingEstimator(seconds(), rule), 30, createRng('es'));
    expect(stopped.map((q) => q.genotype)).toEqual(plain.map((q) => q.genotype));
    const spent = (h: typeof plain) => h.reduce((s, q) => s + q.cost, 0);
    expect(spent(plain)).toBeCloseTo(300, 6);
    expect(spent(stopped)).toBeLessThan(0.8 * spent(plain));
    expect(stopped.at(-1)!.bestScore).toBeCloseTo(plain.at(-1)!.bestScore, 9);
    const early = stopped.filter((q) => q.cost < 10 - 1e-9);
    expect(early.length).toBeGreaterThan(5);
    for (const q of early) expect(q.score).toBeLessThan(q.bestScore);
  });

  it('records stopped queries in the history and resumes to the same decisions', async () => {
    const run = (out: string, resume = false) =>
      runBlackBox(new RegularizedEvolution({ population: 5, sample: 2 }), new EarlyStoppingEstimator(seconds(), rule), {
        budget: 25,
        seeds: 2,
        seed: 'r',
        out,
        resume,
      });
    const whole = join(root, 'whole');
    await run(whole);
    const lines = readFileSync(join(whole, 'history.jsonl'), 'utf8').trim().split('\n');
    const stoppedLines = lines.filter((l) => 'stopped' in JSON.parse(l));
    expect(stoppedLines.length).toBeGreaterThan(3);
    const cut = join(root, 'cut');
    await run(cut);
    writeFileSync(join(cut, 'history.jsonl'), `${lines.slice(0, 31).join('\n')}\n`);
    await run(cut, true);
    const strip = (dir: string) => readFileSync(join(dir, 'history.jsonl'), 'utf8').replace(/,"ms":\d+/g, '');
    expect(strip(cut)).toEqual(strip(whole));
  });

  it('refuses an inner estimator that does not continue its trainings, a minimum at the recipe, and budgets', async () => {
    expect(() => new EarlyStoppingEstimator(new TableEstimator(nb201, table), rule)).toThrow(/continues its trainings/);
    expect(() => new EarlyStoppingEstimator(seconds(), { minEpochs: 9, threshold: 0.05 })).toThrow(/no epoch to stop before/);
    expect(() => new EarlyStoppingEstimator(seconds(), { minEpochs: 2, threshold: 1 })).toThrow(/--early-stop-threshold/);
    const g = sampleGenotype(nb201, createRng('b'));
    await expect(new EarlyStoppingEstimator(seconds(), rule).estimate(g, { epochs: 3 })).rejects.toThrow(/do not combine/);
  });
});

describe('the extrapolate estimator', () => {
  it('answers the predicted final score from the first epochs, at their cost', async () => {
    const t = new TableEstimator(nb201, table);
    const e = new ExtrapolateEstimator(t, 3);
    const g = sampleGenotype(nb201, createRng('x'));
    const three = await t.estimate(g, { epochs: 3 });
    const answer = await e.estimate(g);
    expect(answer.score).toBe(extrapolateCurve(three.curve!, 9).mean);
    expect(answer.cost).toBeCloseTo(10 / 3, 9);
    expect(answer.test).toBeUndefined();
    expect(e.maxEpochs).toBe(9);
    expect((await e.estimate(g, { epochs: 9 })).score).toBe((await t.estimate(g, { epochs: 9 })).score);
    expect(() => new ExtrapolateEstimator(t, 10)).toThrow(/from 1 to the recipe's 9/);
  });

  it('ranks by prediction better than chance on the synthetic table', async () => {
    const e = new ExtrapolateEstimator(new TableEstimator(nb201, table), 3);
    const full = new TableEstimator(nb201, table);
    const rng = createRng('rank');
    const pairs: [number, number][] = [];
    for (let i = 0; i < 20; i++) {
      const g = sampleGenotype(nb201, rng);
      pairs.push([(await e.estimate(g)).score, (await full.estimate(g)).score]);
    }
    let agree = 0;
    let total = 0;
    for (let i = 0; i < pairs.length; i++)
      for (let j = i + 1; j < pairs.length; j++) {
        total++;
        if (Math.sign(pairs[i]![0] - pairs[j]![0]) === Math.sign(pairs[i]![1] - pairs[j]![1])) agree++;
      }
    expect(agree / total).toBeGreaterThan(0.8);
  });
});

describe('the CLI', () => {
  it('runs evolution with --early-stop extrapolate and random search on extrapolate:EPOCHS:table', async () => {
    const es = join(root, 'cli-es');
    const a = await runCli('evolve', '--estimator', `table:${table}`, '--early-stop', 'extrapolate', '--budget', '20', '--out', es);
    expect(a.code).toBe(0);
    expect(readFileSync(join(es, 'history.jsonl'), 'utf8')).toMatch(/"stopped":\d/);
    const ex = join(root, 'cli-ex');
    const b = await runCli('random', '--estimator', `extrapolate:2:table:${table}`, '--budget', '5', '--out', ex);
    expect(b.code).toBe(0);
    expect(JSON.parse(readFileSync(join(ex, 'result.json'), 'utf8')).estimator).toMatch(/^extrapolate:2:table:/);
    const bad = await runCli('random', '--estimator', `table:${table}`, '--early-stop', 'guess', '--out', join(root, 'bad'));
    expect(bad.err).toMatch(/unknown --early-stop 'guess'/);
    const flat = await runCli('random', '--estimator', 'extrapolate:x:retrain', '--out', join(root, 'bad2'));
    expect(flat.err).toMatch(/expected extrapolate:EPOCHS:INNER/);
  });

  it('takes extrapolate:EPOCHS:table wherever an estimator goes: evolve, local, bo, hyperband', async () => {
    for (const command of ['evolve', 'local', 'bo', 'hyperband']) {
      const out = join(root, `x-${command}`);
      const extra = command === 'evolve' ? ['--population', '3', '--sample', '2'] : command === 'bo' ? ['--initial', '3'] : [];
      const r = await runCli(command, '--estimator', `extrapolate:3:table:${table}`, '--budget', '6', ...extra, '--out', out);
      expect(r.code, `${command}: ${r.err}`).toBe(0);
      const lines = readFileSync(join(out, 'history.jsonl'), 'utf8').trim().split('\n');
      expect(lines, command).toHaveLength(6);
      // Predictions from 3 of the table's 9 epochs: each full-fidelity query costs 3/9 of a 10 s run.
      if (command !== 'hyperband') for (const l of lines) expect((JSON.parse(l) as { cost: number }).cost).toBeCloseTo(10 / 3, 9);
    }
  });
});
