import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { BayesianOptimisation, LocalSearch, RandomSearch, RegularizedEvolution } from '../../src/black-box/index.js';
import { tablePool } from '../../src/compare/index.js';
import { TableEstimator } from '../../src/estimators/index.js';
import { createRng } from '../../src/random/index.js';
import { canonicalString, uniqueGenotypes } from '../../src/space/index.js';
import { expectNasErrorSync } from '../helpers/expect-nas-error.js';
import { runCli } from '../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nas-within-table-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const nb201 = spaceByName('nb201');
const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];

/** A partial NB201 table: 60 distinct computations with seeded scores. */
function writePartialTable(file: string, header?: object): string[] {
  const rng = createRng('partial');
  const archs: Record<string, { val: number; test: number }> = {};
  const all = uniqueGenotypes(nb201);
  for (let i = 0; i < 60; i++) {
    const g = all[Math.floor(rng() * all.length)]!;
    const val = 50 + 40 * rng();
    archs[canonicalString(g)] = { val, test: val - 1 };
  }
  writeFileSync(file, JSON.stringify({ ...(header ? { header } : {}), ops: OPS, archs }));
  return Object.keys(archs);
}

const table = join(root, 'partial.json');
const keys = writePartialTable(table);

describe('black-box strategies within a partial table', () => {
  it('random, evolution, local search and BO only ask what the table holds', async () => {
    const estimator = new TableEstimator(nb201, table);
    const within = tablePool(nb201, table);
    const held = new Set(keys);
    const strategies = [
      new RandomSearch({ within }),
      new RegularizedEvolution({ population: 10, sample: 3, within }),
      new LocalSearch({ within }),
      new BayesianOptimisation({ initial: 5, candidates: 20, randomCandidates: 5, within }),
    ];
    for (const strategy of strategies) {
      const history = await strategy.run(estimator, 25, createRng(`s/${strategy.name}`));
      expect(history, strategy.name).toHaveLength(25);
      for (const q of history) expect(held.has(q.genotype), `${strategy.name} asked ${q.genotype}`).toBe(true);
    }
    // Without the pool, a strategy soon asks what the partial table lacks.
    await expect(new RandomSearch().run(estimator, 25, createRng('s/random'))).rejects.toThrow(/has no entry for/);
  });

  it('nas random|evolve|local|bo|pareto --within-table run on the partial table; a resume asks the same', async () => {
    for (const command of ['random', 'evolve', 'local', 'bo', 'pareto']) {
      const out = join(root, command);
      const extra = command === 'evolve' ? ['--population', '8', '--sample', '3'] : command === 'pareto' ? ['--population', '6'] : [];
      const r = await runCli(command, '--estimator', `table:${table}`, '--within-table', table, '--budget', '15', ...extra, '--out', out);
      expect(r.code, `${command}: ${r.err}`).toBe(0);
      const asked = readFileSync(join(out, 'history.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { genotype: string }).genotype);
      expect(asked).toHaveLength(15);
      for (const g of asked) expect(keys).toContain(g);
    }
    const again = await runCli('random', '--resume', join(root, 'random'));
    expect(again.code, again.err).toBe(0);
  });

  it('a table of another space, a bad file or a pool of one is a one-line error', async () => {
    const other = join(root, 'darts-table.json');
    writePartialTable(other, { kind: 'nas-table', space: 'darts' });
    const r = await runCli('random', '--estimator', `table:${table}`, '--within-table', other, '--budget', '3', '--out', join(root, 'bad'));
    expect(r.code).not.toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('is of the darts space, not nb201');
    const missing = await runCli(
      'random',
      '--estimator',
      `table:${table}`,
      '--within-table',
      join(root, 'nope.json'),
      '--out',
      join(root, 'x'),
    );
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/^nas: cannot read table .*nope\.json/m);
    const one = join(root, 'one.json');
    writeFileSync(one, JSON.stringify({ ops: OPS, archs: { [keys[0]!]: { val: 1, test: 1 } } }));
    expectNasErrorSync(() => tablePool(nb201, one), 'holds 1 distinct computation', 'cannot move within it');
    const chain = spaceByName('chain');
    expectNasErrorSync(() => tablePool(chain, table), 'not the chain space');
  });
});
