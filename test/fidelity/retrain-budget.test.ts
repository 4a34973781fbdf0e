import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { initBackend } from '../../src/backend/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { RandomSearch, runBlackBox } from '../../src/black-box/index.js';
import { EarlyStoppingEstimator, RetrainEstimator } from '../../src/estimators/index.js';
import { createRng } from '../../src/random/index.js';
import { genotypeHash, sampleGenotype } from '../../src/space/index.js';

const root = mkdtempSync(join(tmpdir(), 'nas-retrain-budget-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend('cpu');
});

const nb201 = spaceByName('nb201');
const request = { epochs: 3, channels: 2, batchSize: 16, trainLimit: 32, holdout: 40, seed: 1, dataDir: embeddedFashionSubsetDir() };

describe('the retrain estimator at a budget', () => {
  it('stops after the asked epoch and continues the same run for a larger budget, ending where one whole training ends', async () => {
    const g = sampleGenotype(nb201, createRng('budget'));
    const estimator = new RetrainEstimator(nb201, join(root, 'steps'), request);
    expect(estimator.maxEpochs).toBe(3);
    const one = await estimator.estimate(g, { epochs: 1 });
    expect(one.curve).toHaveLength(1);
    expect(one.cost).toBeGreaterThan(0);
    const dir = join(root, 'steps', genotypeHash(g));
    expect(existsSync(join(dir, 'checkpoint.nas'))).toBe(true);
    expect(existsSync(join(dir, 'result.json'))).toBe(false);
    const two = await estimator.estimate(g, { epochs: 2 });
    expect(two.curve![0]).toBe(one.curve![0]);
    expect(two.curve).toHaveLength(2);
    expect((await estimator.estimate(g, { epochs: 2 })).cost).toBe(0);
    const three = await estimator.estimate(g, { epochs: 3 });
    expect(existsSync(join(dir, 'result.json'))).toBe(true);
    const whole = await new RetrainEstimator(nb201, join(root, 'whole'), request).estimate(g);
    expect(three.score).toBeCloseTo(whole.score, 9);
    await expect(estimator.estimate(g, { epochs: 4 })).rejects.toThrow(/budget of 4 epochs is above the recipe's 3$/);
  }, 300_000);
});

describe('early stopping on the retrain estimator', () => {
  it('stops a training after its first epoch with its checkpoint kept, paying that epoch; a full budget later pays only the rest', async () => {
    const rng = createRng('early');
    const [a, b] = [sampleGenotype(nb201, rng), sampleGenotype(nb201, rng)];
    const dir = join(root, 'early');
    const retrain = new RetrainEstimator(nb201, dir, request);
    // A threshold near 1 stops every training that does not look certain to win: the rule's machinery, not its tuning.
    const early = new EarlyStoppingEstimator(retrain, { minEpochs: 1, threshold: 0.999 });
    const first = await early.estimate(a);
    expect(first.stoppedAt).toBeUndefined();
    expect(first.curve).toHaveLength(3);
    const second = await early.estimate(b);
    expect(second.stoppedAt).toBe(1);
    const run = join(dir, genotypeHash(b));
    expect(existsSync(join(run, 'checkpoint.nas'))).toBe(true);
    expect(existsSync(join(run, 'result.json'))).toBe(false);
    const epochSeconds = readFileSync(join(run, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { seconds: number }).seconds);
    expect(epochSeconds).toHaveLength(1);
    expect(second.cost).toBeCloseTo(epochSeconds[0]!, 9);
    const rest = await retrain.estimate(b, { epochs: 3 });
    expect(rest.curve![0]).toBe(second.curve![0]);
    expect(existsSync(join(run, 'result.json'))).toBe(true);
    const allSeconds = readFileSync(join(run, 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { seconds: number }).seconds);
    expect(rest.cost).toBeCloseTo(allSeconds[1]! + allSeconds[2]!, 9);
    // The whole recipe asked without a budget: every epoch already paid.
    expect((await retrain.estimate(b)).cost).toBe(0);
    // A new search is charged the whole training (nothing is trained again); a resumed one that
    // replays the stopped answer (observe) is charged only the epochs past it, as the search that was killed would have been.
    const fresh = new RetrainEstimator(nb201, dir, request);
    expect((await fresh.estimate(b, { epochs: 3 })).cost).toBeCloseTo(allSeconds[0]! + allSeconds[1]! + allSeconds[2]!, 9);
    const resumed = new RetrainEstimator(nb201, dir, request);
    resumed.observe(b, second, { epochs: 1 });
    expect((await resumed.estimate(b, { epochs: 3 })).cost).toBeCloseTo(allSeconds[1]! + allSeconds[2]!, 9);
    expect((await early.estimate(b)).cost).toBe(0);
  }, 300_000);

  it('resumes a stopped search to the answers and decisions of one never stopped, without training again what was done', async () => {
    const rule = { minEpochs: 1, threshold: 0.999 };
    const make = (dir: string, stop?: () => boolean) =>
      new EarlyStoppingEstimator(new RetrainEstimator(nb201, join(dir, 'retrain'), request, stop), rule);
    const run = (dir: string, resume: boolean, stop?: () => boolean) =>
      runBlackBox(new RandomSearch(), make(dir, stop), {
        budget: 3,
        seeds: 1,
        seed: 'k',
        out: dir,
        resume,
        ...(stop ? { shouldStop: stop } : {}),
      });
    const whole = join(root, 'es-whole');
    await run(whole, false);
    const cut = join(root, 'es-cut');
    let polls = 0;
    // Stopped inside the second query's training (each step polls), then resumed from its history and checkpoint.
    expect((await run(cut, false, () => ++polls > 12)).stopped).toBe(true);
    expect((await run(cut, true)).stopped).toBe(false);
    const answers = (dir: string) =>
      readFileSync(join(dir, 'history.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const { cost: _cost, ms: _ms, ...rest } = JSON.parse(l) as Record<string, unknown>;
          return rest;
        });
    expect(answers(cut)).toEqual(answers(whole));
    expect(answers(whole).some((a) => 'stopped' in a)).toBe(true);
    const epochs = (dir: string) =>
      readdirSync(join(dir, 'retrain')).map(
        (d) =>
          readFileSync(join(dir, 'retrain', d, 'log.jsonl'), 'utf8')
            .trim()
            .split('\n').length,
      );
    expect(epochs(cut).sort()).toEqual(epochs(whole).sort());
  }, 600_000);
});
