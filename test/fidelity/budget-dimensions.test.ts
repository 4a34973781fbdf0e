import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { initBackend } from '../../src/backend/index.js';
import { BohbSampler, Hyperband, runBlackBox, type Query } from '../../src/black-box/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import type { Budget, Estimate, Estimator } from '../../src/estimators/api.js';
import { budgetDimensionByFlag, describeBudget, reducedDimensions } from '../../src/estimators/budget.js';
import { RetrainEstimator, TableEstimator } from '../../src/estimators/index.js';
import { NasError } from '../../src/errors.js';
import { createRng } from '../../src/random/index.js';
import { genotypeHash, parseGenotype, sampleGenotype } from '../../src/space/index.js';
import type { Genotype } from '../../src/space/api.js';
import { runCli } from '../helpers/run-cli.js';
import { writeCurveTable } from './fidelity-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-budget-dims-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend('cpu');
});
const nb201 = spaceByName('nb201');

describe('budget dimensions besides epochs', () => {
  it('keep only what reduces the recipe, and refuse one above it or one the estimator does not vary, in one line', () => {
    const maxima = { images: 100, imageSize: 28 };
    expect(reducedDimensions('e', { epochs: 1, images: 50, imageSize: 28 }, maxima)).toEqual({ images: 50 });
    expect(reducedDimensions('e', { epochs: 1 }, maxima)).toEqual({});
    expect(() => reducedDimensions('e', { epochs: 1, images: 101 }, maxima)).toThrow(
      /^e: a budget of 101 training images is above the recipe's 100$/,
    );
    expect(() => reducedDimensions('e', { epochs: 1, channels: 4 }, maxima)).toThrow(
      /^e: answers no budget in initial channels \(it varies epochs, training images, px image size\)$/,
    );
    expect(() => reducedDimensions('e', { epochs: 1, images: 2.5 }, maxima)).toThrow(NasError);
    expect(budgetDimensionByFlag('image-size')).toBe('imageSize');
    expect(() => budgetDimensionByFlag('pixels')).toThrow(
      /unknown budget dimension 'pixels' \(known: epochs, images, image-size, channels\)/,
    );
    expect(describeBudget(3, { images: 500, channels: 4 })).toBe('3 epochs, 500 training images, 4 initial channels');
  });

  it('a table answers its own recipe only: another image count, size or width is refused, naming what it recorded', async () => {
    const table = join(root, 't.json');
    writeCurveTable(table, 4, 97);
    const estimator = new TableEstimator(nb201, table);
    const arch = parseGenotype(nb201, Object.keys(JSON.parse(readFileSync(table, 'utf8')).archs)[0]!);
    expect((estimator as Estimator).budgetMaxima).toBeUndefined();
    // The synthetic recipe records no image size: the data set's own 28 px is the recipe's.
    expect((await estimator.estimate(arch, { epochs: 2, imageSize: 28 })).curve).toHaveLength(2);
    await expect(estimator.estimate(arch, { epochs: 2, imageSize: 16 })).rejects.toThrow(
      /was measured at 28 px image size only: it answers no budget of 16 px image size$/,
    );
    await expect(estimator.estimate(arch, { epochs: 2, images: 500 })).rejects.toThrow(
      /was measured at its recipe's training images only: it answers no budget of 500 training images$/,
    );
    await expect(new Hyperband({ dimension: 'images', minBudget: 10 }).run(estimator, 5, createRng('t'))).rejects.toThrow(
      /^--budget-dim images: table:.* answers no budget in training images$/,
    );
    const refused = await runCli(
      ...['hyperband', '--estimator', `table:${table}`, '--budget-dim', 'images', '--min-budget', '10', '--out', join(root, 'no')],
    );
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/--budget-dim images: table:.* answers no budget in training images/);
    expect(existsSync(join(root, 'no'))).toBe(false);
  });

  it('nas hyperband --budget-dim on the retrain estimator: an unknown dimension, or images without a recipe count, is one line before any directory', async () => {
    const retrain = ['--estimator', 'retrain', '--data-dir', 'embedded', '--retrain-epochs', '2', '--holdout', '100', '--backend', 'cpu'];
    const unknown = await runCli('hyperband', ...retrain, '--budget-dim', 'pixels', '--out', join(root, 'no1'));
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/unknown budget dimension 'pixels' \(known: epochs, images, image-size, channels\)/);
    const noCount = await runCli('bohb', ...retrain, '--budget-dim', 'images', '--min-budget', '100', '--out', join(root, 'no2'));
    expect(noCount.err).toMatch(/--budget-dim images: retrain answers no budget in training images/);
    const noMin = await runCli('hyperband', ...retrain, '--budget-dim', 'image-size', '--out', join(root, 'no3'));
    expect(noMin.err).toMatch(/--budget-dim image-size needs --min-budget: the px image size of the first round/);
    const tooBig = await runCli(
      'hyperband',
      ...retrain,
      '--budget-dim',
      'image-size',
      '--min-budget',
      '7',
      '--max-budget',
      '32',
      '--out',
      join(root, 'no4'),
    );
    expect(tooBig.err).toMatch(/--max-budget 32 is above the recipe's 28 px image size \(retrain\)/);
    for (const dir of ['no1', 'no2', 'no3', 'no4']) expect(existsSync(join(root, dir))).toBe(false);
  });
});

/** A deterministic estimator that varies images: the score grows with the share of the recipe's 81 images; every answer costs its images / 81. */
class ImagesEstimator implements Estimator {
  readonly name = 'images-toy';
  readonly space = nb201;
  readonly maxEpochs = 3;
  readonly budgetMaxima = { images: 81 };
  readonly asked: Budget[] = [];

  async estimate(genotype: Genotype, budget?: Budget): Promise<Estimate> {
    this.asked.push(budget ?? { epochs: 3 });
    const images = reducedDimensions(this.name, budget, this.budgetMaxima).images ?? 81;
    const base = [...genotypeHash(genotype)].reduce((s, c) => s + c.charCodeAt(0), 0) % 50;
    return { score: 40 + base * (images / 81), cost: images / 81 };
  }
}

describe('Hyperband over training images', () => {
  it("asks the recipe's epochs at the brackets' image counts, records them in the history, and resumes to the run never stopped", async () => {
    const toy = new ImagesEstimator();
    await new Hyperband({ dimension: 'images', minBudget: 9, eta: 3 }).run(toy, 40, createRng('hb'));
    expect(new Set(toy.asked.map((b) => b.epochs))).toEqual(new Set([3]));
    expect(new Set(toy.asked.map((b) => b.images))).toEqual(new Set([9, 27, 81]));
    const run = (out: string, resume: boolean, stop?: () => boolean) =>
      runBlackBox(new Hyperband({ dimension: 'images', minBudget: 9, eta: 3 }, new BohbSampler(), 'bohb'), new ImagesEstimator(), {
        budget: 60,
        seeds: 1,
        seed: 'i',
        out,
        resume,
        ...(stop ? { shouldStop: stop } : {}),
      });
    const whole = join(root, 'hb-whole');
    await run(whole, false);
    const cut = join(root, 'hb-cut');
    let polls = 0;
    expect((await run(cut, false, () => ++polls > 25)).stopped).toBe(true);
    expect((await run(cut, true)).stopped).toBe(false);
    const lines = (dir: string) =>
      readFileSync(join(dir, 'history.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const { ms: _ms, ...q } = JSON.parse(l) as Query & { ms: number };
          return q;
        });
    expect(lines(cut)).toEqual(lines(whole));
    expect(lines(whole)[0]).toMatchObject({ budget: 3, dimensions: { images: 9 } });
    await expect(new Hyperband({ dimension: 'images' }).run(toy, 5, createRng('x'))).rejects.toThrow(
      /--budget-dim images needs --min-budget: the training images of the first round/,
    );
    await expect(new Hyperband({ dimension: 'images', minBudget: 9, maxBudget: 100 }).run(toy, 5, createRng('x'))).rejects.toThrow(
      /--max-budget 100 is above the recipe's 81 training images/,
    );
  });
});

describe('the retrain estimator at fewer and smaller images', () => {
  const request = { epochs: 2, channels: 2, batchSize: 16, trainLimit: 32, holdout: 40, seed: 1, dataDir: embeddedFashionSubsetDir() };

  it('trains each budget shape in its own run, continuing one only at the same images and size, and refuses budgets above the recipe', async () => {
    const g = sampleGenotype(nb201, createRng('dims'));
    const dir = join(root, 'retrain');
    const estimator = new RetrainEstimator(nb201, dir, request);
    expect(estimator.budgetMaxima).toEqual({ images: 32, imageSize: 28, channels: 2 });
    const small = { images: 16, imageSize: 8 };
    const one = await estimator.estimate(g, { epochs: 1, ...small });
    const run = join(dir, `${genotypeHash(g)}-i16-s8`);
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')).config;
    expect(config).toMatchObject({ trainLimit: 16, imageSize: 8, inputSize: 8, epochs: 2 });
    expect(existsSync(join(run, 'checkpoint.nas'))).toBe(true);
    const seconds = () =>
      readFileSync(join(run, 'log.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { seconds: number }).seconds);
    const two = await estimator.estimate(g, { epochs: 2, ...small });
    expect(two.curve![0]).toBe(one.curve![0]);
    expect(seconds()).toHaveLength(2);
    expect(two.cost).toBeCloseTo(seconds()[1]!, 9);
    // The recipe's images and size (asked as such, or not asked): another training, which a later budget continues.
    await estimator.estimate(g, { epochs: 1, images: 32, imageSize: 28 });
    const full = join(dir, genotypeHash(g));
    expect(JSON.parse(readFileSync(join(full, 'config.json'), 'utf8')).config).toMatchObject({
      trainLimit: 32,
      imageSize: null,
      inputSize: 28,
    });
    expect((await estimator.estimate(g, { epochs: 2 })).curve).toHaveLength(2);
    expect(existsSync(join(full, 'result.json'))).toBe(true);
    await expect(estimator.estimate(g, { epochs: 1, images: 64 })).rejects.toThrow(
      /^retrain: a budget of 64 training images is above the recipe's 32$/,
    );
    await expect(estimator.estimate(g, { epochs: 1, imageSize: 32 })).rejects.toThrow(/above the recipe's 28$/);
    await expect(estimator.estimate(g, { epochs: 1, channels: 3 })).rejects.toThrow(/3 initial channels is above the recipe's 2$/);
    const noLimit = new RetrainEstimator(nb201, join(root, 'nolimit'), { ...request, trainLimit: null });
    await expect(noLimit.estimate(g, { epochs: 1, images: 8 })).rejects.toThrow(/^retrain: answers no budget in training images/);
    expect(() => new RetrainEstimator(nb201, join(root, 'big'), { ...request, imageSize: 40 })).toThrow(
      /--image-size 40 is larger than the fashion-mnist images \(28x28\)/,
    );
  }, 300_000);
});
