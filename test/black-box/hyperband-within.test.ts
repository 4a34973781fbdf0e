import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { BohbSampler, Hyperband } from '../../src/black-box/index.js';
import { tablePool } from '../../src/compare/index.js';
import { TableEstimator } from '../../src/estimators/index.js';
import { createRng } from '../../src/random/index.js';
import { runCli } from '../helpers/run-cli.js';
import { writeCurveTable } from '../fidelity/fidelity-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-hyperband-within-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const nb201 = spaceByName('nb201');

/** A partial copy of the synthetic curve table: every 97th architecture (162 of 15,625). */
function writePartialCurveTable(file: string): Set<string> {
  const whole = join(root, 'whole.json');
  writeCurveTable(whole, 9);
  const table = JSON.parse(readFileSync(whole, 'utf8')) as { archs: Record<string, unknown> };
  const kept = Object.entries(table.archs).filter((_, i) => i % 97 === 0);
  writeFileSync(file, JSON.stringify({ ...table, archs: Object.fromEntries(kept) }));
  return new Set(kept.map(([k]) => k));
}

const table = join(root, 'partial.json');
const held = writePartialCurveTable(table);

describe('Hyperband and BOHB within a partial table', () => {
  it('draw and mutate only among its architectures', async () => {
    const estimator = new TableEstimator(nb201, table);
    const within = tablePool(nb201, table);
    for (const strategy of [new Hyperband({ within }), new Hyperband({ within }, new BohbSampler(), 'bohb')]) {
      const history = await strategy.run(estimator, 120, createRng(`w/${strategy.name}`));
      expect(history).toHaveLength(120);
      for (const q of history) expect(held.has(q.genotype), `${strategy.name} asked ${q.genotype}`).toBe(true);
    }
    await expect(new Hyperband().run(estimator, 120, createRng('w/whole'))).rejects.toThrow(/has no entry for/);
  });

  it('nas hyperband and nas bohb take --within-table', async () => {
    for (const command of ['hyperband', 'bohb']) {
      const out = join(root, command);
      const r = await runCli(command, '--estimator', `table:${table}`, '--within-table', table, '--budget', '30', '--out', out);
      expect(r.code, r.err).toBe(0);
      const asked = readFileSync(join(out, 'history.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { genotype: string }).genotype);
      expect(asked).toHaveLength(30);
      for (const g of asked) expect(held.has(g)).toBe(true);
    }
    const refused = await runCli('bohb', '--estimator', `table:${table}`, '--early-stop', 'extrapolate', '--out', join(root, 'es'));
    expect(refused.err).toMatch(/^nas: --early-stop and budgets \(hyperband, bohb\) do not combine/);
    expect(existsSync(join(root, 'es'))).toBe(false);
  });
});
