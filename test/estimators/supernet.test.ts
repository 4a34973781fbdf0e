import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../../src/data/api.js';
import { evaluateBatches } from '../../src/train/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { RetrainEstimator, SupernetEstimator } from '../../src/estimators/index.js';
import { createRng } from '../../src/random/index.js';
import { resolveSearchConfig, runSearch } from '../../src/search/index.js';
import { canonicalString, genotypeHash, parseGenotype, sampleGenotype } from '../../src/space/index.js';
import { spaceByName } from '../../cells/index.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { runCli } from '../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nas-supernet-estimator-'));
const run = join(root, 'spos');
let estimator: SupernetEstimator;

beforeAll(async () => {
  const config = resolveSearchConfig({
    strategy: 'spos',
    space: 'nb201',
    channels: 4,
    epochs: 1,
    batchSize: 16,
    trainLimit: 96,
    seed: 3,
    candidates: 2,
    dataDir: embeddedFashionSubsetDir(),
  });
  await runSearch(config, { out: run, snapshots: true });
  estimator = await SupernetEstimator.load(run, { recalibrationBatches: 2, evalBatches: 2, batchSize: 16 });
}, 120_000);

afterAll(() => {
  estimator?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('supernet estimator', () => {
  it('scores on the search held-out split, with the run space', () => {
    expect(estimator.space.name).toBe('nb201');
    expect(estimator.evalImages).toBe(32);
  });

  it('re-calibrates BatchNorm: the estimate no longer depends on the running statistics it found, and differs from using them', () => {
    const g = sampleGenotype(estimator.space, createRng('bn'));
    const recalibrated = estimator.measure(g, true);
    const kept = estimator.measure(g, false);
    // Statistics of the path's own activations are not the supernet's mixed ones.
    expect(Math.abs(recalibrated.loss - kept.loss)).toBeGreaterThan(1e-4);
    // Scramble every running statistic: re-calibration must overwrite all the path uses.
    const buffers = (estimator as unknown as { supernet: { weightBuffers(): tf.Variable[] } }).supernet.weightBuffers();
    tf.tidy(() => buffers.forEach((b, i) => b.assign(tf.randomUniform(b.shape, 0.5, 3, 'float32', i))));
    const again = estimator.measure(g, true);
    expect(again.loss).toBeCloseTo(recalibrated.loss, 5);
    expect(again.accuracy).toBe(recalibrated.accuracy);
    // Without re-calibration the supernet's trained statistics come back, not the scrambled ones.
    expect(estimator.measure(g, false).loss).toBeCloseTo(kept.loss, 5);
  });

  it('scores by the shared evaluation routine: the recalibrated score is evaluateBatches on its batches, and the supernet keeps its trained statistics', () => {
    const g = sampleGenotype(estimator.space, createRng('shared-rule'));
    const inner = estimator as unknown as {
      supernet: { weightBuffers(): tf.Variable[]; forward: (x: tf.Tensor4D, m: unknown, t: boolean) => tf.Tensor2D };
      recalibration: Batch[];
      evaluation: Batch[];
    };
    const before = inner.supernet.weightBuffers().map((b) => Array.from(b.dataSync()));
    const measured = estimator.measure(g, true);
    expect(inner.supernet.weightBuffers().map((b) => Array.from(b.dataSync()))).toEqual(before);
    const mode = { kind: 'fixed', genotype: g };
    const byHand = evaluateBatches((x, t) => inner.supernet.forward(x, mode, t), inner.evaluation, {
      batchNorm: 'recalibrated',
      recalibration: inner.recalibration,
      buffers: inner.supernet.weightBuffers(),
    });
    expect(measured.accuracy).toBeCloseTo(100 * byHand.accuracy, 10);
    expect(measured.loss).toBeCloseTo(byHand.loss, 10);
  });

  it('caches by canonical string, batch-evaluates in order, and frees what it makes', async () => {
    const rng = createRng('many');
    const gs = Array.from({ length: 3 }, () => sampleGenotype(estimator.space, rng));
    const before = tf.memory().numTensors;
    const many = await estimator.estimateMany([gs[0]!, gs[1]!, gs[0]!, gs[2]!]);
    expect(tf.memory().numTensors).toBe(before);
    expect(many[2]!.score).toBe(many[0]!.score);
    expect(many[2]!.cost).toBe(0);
    expect(many[0]!.cost).toBeGreaterThan(0);
    const single = await estimator.estimate(gs[1]!);
    expect(single.score).toBe(many[1]!.score);
    expect(single.cost).toBe(0);
    for (const e of many) expect(e.score).toBeGreaterThanOrEqual(0), expect(e.score).toBeLessThanOrEqual(100);
    expect(new Set(gs.map((g) => canonicalString(g))).size).toBe(3);
  });

  it('loads an epoch snapshot of the run (the last one is the run itself)', async () => {
    const snapshot = await SupernetEstimator.load(join(run, 'snapshots', 'epoch-1.nas'), {
      recalibrationBatches: 2,
      evalBatches: 2,
      batchSize: 16,
    });
    try {
      const g = sampleGenotype(estimator.space, createRng('snapshot'));
      expect(snapshot.measure(g).loss).toBeCloseTo(estimator.measure(g).loss, 6);
    } finally {
      snapshot.dispose();
    }
  });

  it('refuses a checkpoint of another space, a missing path and a non-search checkpoint', async () => {
    await expectNasError(() => SupernetEstimator.load(run, {}, 'darts'), "trained on the 'nb201' space, not 'darts'");
    await expectNasError(() => SupernetEstimator.load(join(root, 'nope')), 'no such file or directory');
    await expectNasError(() => SupernetEstimator.load(join(run, 'config.json')), 'config.json');
    await expectNasError(() => SupernetEstimator.load(run, { evalBatches: 0 }), 'eval batches must be a positive integer');
  });
});

const cli = runCli;

describe('nas evolve on a trained supernet', () => {
  it('runs evolution with the supernet estimator and reports the architecture it found', async () => {
    const out = join(root, 'evolve');
    const r = await cli(
      'evolve',
      '--estimator',
      `supernet:${run}`,
      '--budget',
      '6',
      '--population',
      '3',
      '--sample',
      '2',
      '--recalibrate-batches',
      '1',
      '--eval-batches',
      '1',
      '--eval-batch-size',
      '16',
      '--out',
      out,
    );
    expect(r.err).not.toMatch(/nas:/);
    expect(r.code).toBe(0);
    const best = r.out.match(/best architecture \(seed 1, score [\d.]+\): (\S+)/)?.[1];
    expect(best).toBeDefined();
    parseGenotype(spaceByName('nb201'), best!);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.estimator).toBe(`supernet:${run}`);
    expect(result.best.genotype).toBe(best);
    expect(result.cost).toBeGreaterThan(0);
  });

  it('refuses a supernet of another space in one line', async () => {
    const r = await cli('evolve', '--estimator', `supernet:${run}`, '--space', 'darts', '--out', join(root, 'x'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^nas: supernet .* was trained on the 'nb201' space, not 'darts'$/);
  });
});

describe('retrain estimator', () => {
  it('trains each architecture on held-out images, never the test split, and answers a repeat from its run', async () => {
    const dir = join(root, 'retrain');
    const nb201 = spaceByName('nb201');
    const estimator = new RetrainEstimator(nb201, dir, {
      epochs: 1,
      channels: 2,
      batchSize: 16,
      trainLimit: 32,
      holdout: 40,
      seed: 1,
      dataDir: embeddedFashionSubsetDir(),
    });
    const g = sampleGenotype(nb201, createRng('retrain'));
    const first = await estimator.estimate(g);
    expect(first.cost).toBeGreaterThan(0);
    expect(first.score).toBeGreaterThanOrEqual(0);
    expect(first.test).toBeUndefined();
    const result = JSON.parse(readFileSync(join(dir, genotypeHash(g), 'result.json'), 'utf8'));
    expect(result.evaluated_on).toBe('holdout');
    expect(result.test_acc * 100).toBeCloseTo(first.score, 10);
    const again = await estimator.estimate(g);
    expect(again).toEqual({ score: first.score, cost: 0 });
    expect(existsSync(join(dir, genotypeHash(g), 'checkpoint.nas'))).toBe(true);
  }, 120_000);

  it('starts again a training killed before its first checkpoint (a directory with nothing to resume)', async () => {
    const dir = join(root, 'retrain-dead');
    const nb201 = spaceByName('nb201');
    const g = sampleGenotype(nb201, createRng('dead'));
    mkdirSync(join(dir, genotypeHash(g)), { recursive: true });
    writeFileSync(join(dir, genotypeHash(g), 'config.json'), '{}');
    const estimator = new RetrainEstimator(nb201, dir, {
      epochs: 1,
      channels: 2,
      batchSize: 16,
      trainLimit: 32,
      holdout: 40,
      seed: 1,
      dataDir: embeddedFashionSubsetDir(),
    });
    expect((await estimator.estimate(g)).cost).toBeGreaterThan(0);
  }, 120_000);

  it('checks its settings before the first query', async () => {
    await expectNasError(() => new RetrainEstimator(spaceByName('nb201'), join(root, 'bad'), { epochs: 0 }), '--epochs');
  });
});
