import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NB201_SPACE, spaceByName } from '../../cells/index.js';
import { TableEstimator } from '../../src/estimators/index.js';
import { parseGenotype } from '../../src/space/index.js';
import {
  buildTable,
  ledgerPath,
  readTable,
  readTableLedger,
  resolveTableRecipe,
  tableInfo,
  type TableFile,
} from '../../src/table/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';

const root = mkdtempSync(join(tmpdir(), 'nas-table-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A recipe that trains in about a second on the shipped subset. */
const recipe = resolveTableRecipe({
  space: 'nb201',
  dataDir: 'embedded',
  imageSize: 8,
  channels: 4,
  cellsPerStage: 1,
  epochs: 2,
  batchSize: 50,
  trainLimit: 100,
  valSize: 100,
  testLimit: 100,
});
const archs = [
  '|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|',
  '|avg_pool_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|avg_pool_3x3~2|',
];
const missing = '|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|';

describe('buildTable', () => {
  const out = join(root, 't.json');
  let table: TableFile;

  it('trains every architecture with every seed into the NB201 shape, with a header, runs and curves', async () => {
    const outcome = await buildTable(out, { recipe, archs, seeds: [1, 2] }, { workers: 1 });
    expect(outcome).toMatchObject({ trained: 4, skipped: 0, stopped: false });
    table = readTable(out);
    expect(table.header).toMatchObject({ kind: 'nas-table', space: 'nb201', dataset: 'fashion-mnist', recipe });
    expect(table.ops).toEqual(NB201_SPACE.ops);
    expect(Object.keys(table.archs).sort()).toEqual([...archs].sort());
    for (const entry of Object.values(table.archs)) {
      expect(entry.runs.map((r) => r.seed)).toEqual([1, 2]);
      expect(entry.val).toBeCloseTo((entry.runs[0]!.val + entry.runs[1]!.val) / 2, 2);
      expect(entry.params).toBeGreaterThan(0);
      expect(entry.mult_adds).toBeGreaterThan(0);
      for (const run of entry.runs) {
        expect(run.curve).toHaveLength(2);
        for (const epoch of run.curve) expect(epoch.val_loss).toBeGreaterThan(0);
        expect(run.curve[1]!.val).toBe(run.val);
        expect(run.seconds).toBeGreaterThan(0);
        expect(run.cpu_seconds).toBeGreaterThan(0);
      }
    }
    // Seeds differ in weights and batch order, so two runs of the same architecture differ.
    const runs = table.archs[archs[0]!]!.runs;
    expect(runs[0]!.train_loss).not.toBe(runs[1]!.train_loss);
  });

  it('costs nothing when asked again, and trains only what a larger plan adds', async () => {
    expect(await buildTable(out, { recipe, archs, seeds: [1, 2] }, { workers: 1 })).toMatchObject({ trained: 0, skipped: 4 });
    expect(readTable(out)).toEqual(table);
    const grown = await buildTable(out, { recipe, archs: [archs[0]!], seeds: [3] }, { workers: 1 });
    expect(grown).toMatchObject({ trained: 1, skipped: 4 });
    expect(grown.table.archs[archs[0]!]!.runs.map((r) => r.seed)).toEqual([1, 2, 3]);
    const info = tableInfo(grown.table);
    expect(info).toMatchObject({ archs: 2, runs: 5, unique: 2, spaceUnique: 6466, seeds: [1, 2, 3], seedCounts: { 2: 1, 3: 1 } });
    expect(info.tauByEpoch).toHaveLength(2);
    expect(info.ceiling?.all.archs).toBe(2);
  });

  it("refuses to build a table another live process is building, and takes over a dead one's lock", async () => {
    const lock = `${ledgerPath(out)}.lock`;
    writeFileSync(lock, String(process.pid));
    await expectNasError(() => buildTable(out, null, { workers: 1 }), `being built by process ${process.pid}`);
    writeFileSync(lock, '999999999');
    expect(await buildTable(out, null, { workers: 1 })).toMatchObject({ trained: 0 });
    expect(existsSync(lock)).toBe(false);
  });

  it('refuses another recipe for the same ledger, naming the difference, and changes nothing', async () => {
    const before = readFileSync(ledgerPath(out), 'utf8');
    await expectNasError(() => buildTable(out, { recipe: { ...recipe, epochs: 3 }, archs, seeds: [1] }, { workers: 1 }), 'epochs 3 vs 2');
    expect(readFileSync(ledgerPath(out), 'utf8')).toBe(before);
  });

  it('resumes after a kill cut the ledger mid-line, and re-assembles the table from the ledger', async () => {
    const copy = join(root, 'cut.json');
    const lines = readFileSync(ledgerPath(out), 'utf8').trimEnd().split('\n');
    // Keep the header, the plans and one run; cut the next run's line in half.
    const kept = lines.filter((l) => !l.includes('"kind":"run"'));
    const runs = lines.filter((l) => l.includes('"kind":"run"'));
    writeFileSync(ledgerPath(copy), `${[...kept, runs[0]!].join('\n')}\n`);
    appendFileSync(ledgerPath(copy), runs[1]!.slice(0, 40));
    const resumed = await buildTable(copy, null, { workers: 1 });
    expect(resumed).toMatchObject({ trained: 4, skipped: 1 });
    expect(readTableLedger(ledgerPath(copy)).filter((r) => r.kind === 'run')).toHaveLength(5);
    await expectNasError(() => buildTable(join(root, 'none.json'), null, { workers: 1 }), 'no ledger');
  });

  it("is read by the table estimator, which answers isomorphic twins and refuses other spaces' and datasets' tables", async () => {
    const estimator = new TableEstimator(NB201_SPACE, out, { dataset: 'fashion-mnist' });
    expect(estimator.size).toBe(2);
    const first = await estimator.estimate(parseGenotype(NB201_SPACE, archs[1]!));
    expect(first).toEqual({ score: table.archs[archs[1]!]!.val, cost: 1, test: table.archs[archs[1]!]!.test });
    // The same computation: node 1 feeds nothing that reaches the output, so its op does not matter.
    const twin = '|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|avg_pool_3x3~2|';
    expect((await estimator.estimate(parseGenotype(NB201_SPACE, twin))).score).toBe(first.score);
    await expectNasError(() => estimator.estimate(parseGenotype(NB201_SPACE, missing)), `no entry for ${missing}`, '--table-grow');
    await expectNasError(() => new TableEstimator(NB201_SPACE, out, { dataset: 'cifar10' }), 'fashion-mnist', 'cifar10');
    const other = join(root, 'other.json');
    writeFileSync(other, JSON.stringify({ ...table, header: { ...table.header, space: 'darts' } }));
    await expectNasError(() => new TableEstimator(NB201_SPACE, other), 'darts space, not nb201');
    await expectNasError(() => new TableEstimator(spaceByName('darts'), out), 'nb201 space, not darts');
  });

  it('with grow, trains an architecture the table lacks with its recipe and seeds, and adds it', async () => {
    const estimator = new TableEstimator(NB201_SPACE, out, { grow: true });
    const estimate = await estimator.estimate(parseGenotype(NB201_SPACE, missing));
    expect(estimate.cost).toBeGreaterThan(0);
    const grown = readTable(out).archs[missing]!;
    expect(grown.runs.map((r) => r.seed)).toEqual([1, 2, 3]);
    expect(estimate).toMatchObject({ score: grown.val, test: grown.test });
    expect((await estimator.estimate(parseGenotype(NB201_SPACE, missing))).cost).toBe(1);
  });
});
