import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { RankAverageEstimator, SupernetEstimator } from '../../src/estimators/index.js';
import { lastSnapshots, loadSnapshotEnsemble } from '../../src/estimators/snapshot-ensemble.js';
import { createRng } from '../../src/random/index.js';
import { resolveSearchConfig, runSearch } from '../../src/search/index.js';
import { sampleGenotype } from '../../src/space/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { runCli } from '../helpers/run-cli.js';
import { buildTinyTable } from '../helpers/tiny-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-snapshot-ensemble-'));
const run = join(root, 'spos');
const nb201 = spaceByName('nb201');
const scoring = { recalibrationBatches: 1, evalBatches: 2, batchSize: 16 };

beforeAll(async () => {
  const config = resolveSearchConfig({
    strategy: 'spos',
    space: 'nb201',
    channels: 4,
    layers: 1,
    epochs: 3,
    batchSize: 16,
    trainLimit: 64,
    seed: 4,
    candidates: 2,
    dataDir: embeddedFashionSubsetDir(),
  });
  await runSearch(config, { out: run, snapshots: true });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('checkpoint-ensemble scoring', () => {
  it("takes a run's last k snapshots, oldest first, and names what is missing", async () => {
    expect(lastSnapshots(run, 2)).toEqual([join(run, 'snapshots', 'epoch-2.nas'), join(run, 'snapshots', 'epoch-3.nas')]);
    await expectNasError(() => lastSnapshots(run, 4), '--ensemble 4', 'kept 3 snapshot(s)');
    await expectNasError(() => lastSnapshots(run, 1), '--ensemble must be an integer >= 2');
    await expectNasError(() => lastSnapshots(join(run, 'checkpoint.nas'), 2), 'needs a run directory');
  });

  it("scores an architecture by its mean percentile over the snapshots' supernets", async () => {
    const ensemble = await loadSnapshotEnsemble(run, 2, scoring, 5, 'ref');
    const parts = [];
    for (const file of lastSnapshots(run, 2)) parts.push(await SupernetEstimator.load(file, scoring));
    const byHand = await RankAverageEstimator.create(parts, 5, 'ref');
    const rng = createRng('ensemble-queries');
    for (let i = 0; i < 3; i++) {
      const g = sampleGenotype(nb201, rng);
      const [a, b] = [await ensemble.estimate(g), await byHand.estimate(g)];
      expect(a.score).toBe(b.score);
      expect(a.score).toBeGreaterThanOrEqual(0);
      expect(a.score).toBeLessThanOrEqual(1);
    }
    ensemble.dispose();
    byHand.dispose();
  });

  it('scores with each BatchNorm mode, and refuses recalibration with no batches for it', async () => {
    const g = sampleGenotype(nb201, createRng('bn-modes'));
    const loss = async (batchNorm: 'batch' | 'running' | 'recalibrated') => {
      const e = await SupernetEstimator.load(run, { ...scoring, batchNorm });
      const before = tf.memory().numTensors;
      const m = e.measure(g);
      expect(tf.memory().numTensors).toBe(before);
      e.dispose();
      return m.loss;
    };
    const [batch, running, recalibrated] = [await loss('batch'), await loss('running'), await loss('recalibrated')];
    expect(batch).not.toBe(running);
    expect(recalibrated).not.toBe(running);
    await expectNasError(
      () => SupernetEstimator.load(run, { ...scoring, recalibrationBatches: 0, batchNorm: 'recalibrated' }),
      'recalibration batches',
    );
    await expectNasError(() => SupernetEstimator.load(run, { ...scoring, batchNorm: 'mean' as 'batch' }), "unknown BatchNorm mode 'mean'");
  });

  it('reaches nas bias as --ensemble k and --score-batch-norm', async () => {
    const out = join(root, 'bias');
    const table = join(root, 'table.json');
    const { code, err } = await runCli('bias', '--supernet', run, '--ensemble', '9', '--truth', `table:${table}`, '--out', out);
    expect(code).not.toBe(0);
    expect(err).toContain('--ensemble 9');
    const bad = await runCli('bias', '--supernet', run, '--score-batch-norm', 'mean', '--truth', `table:${table}`, '--out', out);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain("unknown BatchNorm mode 'mean'");
    // Inside rank:, a trained run is scored by its ensemble as it is alone (it was its last checkpoint only).
    const tiny = join(root, 'tiny.json');
    const built = await buildTinyTable(tiny, 4, 1);
    expect(built.code, built.err).toBe(0);
    const ranked = await runCli(
      'bias',
      '--supernet',
      `rank:${run},zc:params`,
      '--ensemble',
      '2',
      '--truth',
      `table:${tiny}`,
      '--within-table',
      tiny,
      '-k',
      '4',
      '--recalibrate-batches',
      '1',
      '--eval-batches',
      '1',
      '--bootstrap',
      '20',
      '--out',
      join(root, 'ranked'),
    );
    expect(ranked.code, ranked.err).toBe(0);
    expect(ranked.out).toContain(`rank:supernet:${run}@last-2,zc:params: Kendall tau`);
    // --table-grow reaches the table: one with no recipe cannot grow.
    writeFileSync(table, JSON.stringify({ ops: nb201.ops, archs: {} }));
    const grow = await runCli('bias', '--supernet', run, '--table-grow', '--truth', `table:${table}`, '--out', join(root, 'grow'));
    expect(grow.code).not.toBe(0);
    expect(grow.err).toContain('has no recipe to grow with');
  });
});
