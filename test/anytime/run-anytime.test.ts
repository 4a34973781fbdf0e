import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type AnytimeResults, type AnytimeSettings, contenderNames, runAnytime } from '../../src/anytime/index.js';
import { EARLY_STOP_DEFAULTS } from '../../src/fidelity/index.js';
import { writeCurveTable } from '../fidelity/fidelity-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-anytime-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const table = join(root, 't.json');
// Every 47th architecture (333): quick to read, and a stride prime to the 5 ops keeps the computations distinct.
writeCurveTable(table, 9, 47);

/** 25 trainings of 10 s each per seed: enough for Hyperband to finish its brackets. */
const settings: AnytimeSettings = {
  table,
  contenders: contenderNames(),
  seeds: 2,
  seed: 'a',
  compute: 250,
  maxQueries: 2000,
  gridPoints: 7,
  population: 10,
  sample: 3,
  eta: 3,
  earlyStop: EARLY_STOP_DEFAULTS,
};

describe('the anytime comparison on the synthetic table', () => {
  const whole = join(root, 'whole');

  it('runs every contender at equal compute and writes the curves', async () => {
    const outcome = await runAnytime(settings, { out: whole });
    if (outcome.stopped) throw new Error('stopped');
    const r = outcome.results;
    expect(r.contenders.map((c) => c.contender)).toEqual(contenderNames());
    for (const c of r.contenders) {
      // A seed stops asking once it has spent its compute: at most one whole training (10 s) over it.
      expect(c.spent, c.contender).toBeLessThan(260);
      const end = c.val.at(-1)!;
      expect(end, c.contender).not.toBeNull();
      expect(end!.max).toBeLessThanOrEqual(r.optimum.val);
    }
    const of = (name: string) => r.contenders.find((c) => c.contender === name)!;
    for (const name of ['random', 'hyperband', 'bohb']) expect(of(name).spent).toBeGreaterThanOrEqual(250);
    const queries = (name: string) => of(name).queries;
    // Lower fidelities and stopped trainings buy more queries for the same seconds.
    expect(queries('hyperband')).toBeGreaterThan(queries('random'));
    expect(queries('evolution-early-stop')).toBeGreaterThan(queries('evolution'));
    expect(queries('random-early-stop')).toBeGreaterThan(queries('random'));
    // Random search on full trainings: each seed's incumbent only improves.
    const random = r.contenders.find((c) => c.contender === 'random')!;
    const means = random.val.filter((s) => s !== null).map((s) => s!.mean);
    for (let i = 1; i < means.length; i++) expect(means[i]!).toBeGreaterThanOrEqual(means[i - 1]!);
    expect(existsSync(join(whole, 'hyperband', 'history.jsonl'))).toBe(true);
    // The rule alone: random search with early stopping asks random search's architectures, in its order, and more of them.
    const asked = (name: string) =>
      readFileSync(join(whole, name, 'history.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { seed: number; genotype: string })
        .filter((q) => q.seed === 0)
        .map((q) => q.genotype);
    // Evolution asking only new children spends its compute, and never asks one architecture twice in a pool this large.
    expect(of('evolution-fresh').spent).toBeGreaterThanOrEqual(250);
    const fresh = asked('evolution-fresh');
    expect(new Set(fresh).size).toBe(fresh.length);
    const plain = asked('random');
    expect(asked('random-early-stop').slice(0, plain.length)).toEqual(plain);
  });

  it('resumes a stopped comparison to the results of one never stopped', async () => {
    const cut = join(root, 'cut');
    const some = { ...settings, contenders: ['evolution-fresh', 'evolution-early-stop', 'bohb'] };
    let polls = 0;
    const first = await runAnytime(some, { out: cut, shouldStop: () => ++polls > 40 });
    expect(first.stopped).toBe(true);
    let again = 0;
    const second = await runAnytime(null, { out: cut, resume: true, shouldStop: () => ++again > 120 });
    expect(second.stopped).toBe(true);
    const last = await runAnytime(null, { out: cut, resume: true });
    if (last.stopped) throw new Error('stopped');
    const never = JSON.parse(readFileSync(join(whole, 'anytime.json'), 'utf8')) as AnytimeResults;
    expect(last.results.contenders).toEqual(some.contenders.map((name) => never.contenders.find((c) => c.contender === name)));
    for (const name of some.contenders)
      expect(readFileSync(join(cut, name, 'history.jsonl'), 'utf8').replace(/,"ms":\d+/g, '')).toEqual(
        readFileSync(join(whole, name, 'history.jsonl'), 'utf8').replace(/,"ms":\d+/g, ''),
      );
  });

  it('refuses bad settings in one line, before making the directory', async () => {
    const bad = join(root, 'bad');
    await expect(runAnytime({ ...settings, contenders: ['random', 'annealing'] }, { out: bad })).rejects.toThrow(
      /unknown contender 'annealing' \(known: random, random-early-stop, evolution, evolution-fresh, evolution-early-stop, hyperband, bohb\)/,
    );
    await expect(runAnytime({ ...settings, compute: 0 }, { out: bad })).rejects.toThrow(/--compute must be a positive number/);
    await expect(runAnytime({ ...settings, sample: 20 }, { out: bad })).rejects.toThrow(/--sample 20 is larger than --population 10/);
    expect(existsSync(bad)).toBe(false);
  });
});
