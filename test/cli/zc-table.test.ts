import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NB201_SPACE } from '../../cells/index.js';
import { zeroCostEstimatorFrom } from '../../src/cli/estimator-options.js';
import { BatchIterator } from '../../src/data/index.js';
import { ZeroCostEstimator } from '../../src/estimators/zero-cost/index.js';
import { parseGenotype } from '../../src/space/index.js';
import { buildTable, resolveTableRecipe, tableData } from '../../src/table/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';

const root = mkdtempSync(join(tmpdir(), 'nas-zc-table-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const recipe = resolveTableRecipe({
  space: 'nb201',
  dataDir: 'embedded',
  imageSize: 8,
  channels: 4,
  cellsPerStage: 1,
  epochs: 1,
  batchSize: 50,
  trainLimit: 100,
  valSize: 100,
  testLimit: 100,
});
const arch = '|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|';
const file = join(root, 't.json');

describe("zc: estimators on a table's own network and images (--zc-table)", () => {
  beforeAll(async () => {
    await buildTable(file, { recipe, archs: [arch], seeds: [1] }, { workers: 1 });
  });

  it("scores with the recipe's channels, cells, image size and a normalised batch of its training images", async () => {
    const viaTable = await zeroCostEstimatorFrom('zc:snip', { zcTable: file, seed: '0', zcBatchSize: 8 });
    const data = await tableData(recipe);
    const next = new BatchIterator(data.train, { batchSize: 8, seed: '0/zc-batch', stats: data.stats }).next();
    const byHand = new ZeroCostEstimator(NB201_SPACE, 'snip', {
      input: { image: [8, 8, 1], classes: 10 },
      batch: { x: next.x, labels: next.y },
      seed: '0',
      channels: 4,
      layers: 1,
    });
    const wide = await zeroCostEstimatorFrom('zc:params', { zcTable: file, seed: '0', zcBatchSize: 8 });
    try {
      const genotype = parseGenotype(NB201_SPACE, arch);
      const [a, b] = [await viaTable.estimate(genotype), await byHand.estimate(genotype)];
      expect(a.score).toBe(b.score);
      expect(Number.isFinite(a.score)).toBe(true);
      // C=4 with one cell per stage, not the default network.
      const params = (await wide.estimate(genotype)).score;
      const standard = await zeroCostEstimatorFrom('zc:params', { seed: '0', zcBatchSize: 8 });
      expect(params).toBeLessThan((await standard.estimate(genotype)).score);
      standard.dispose();
    } finally {
      viaTable.dispose();
      byHand.dispose();
      wide.dispose();
    }
  });

  it('refuses flags that disagree with the table, naming both', async () => {
    await expectNasError(
      () => zeroCostEstimatorFrom('zc:snip', { zcTable: file, seed: '0', zcBatchSize: 8, retrainChannels: 8 }),
      '--retrain-channels 8 disagrees',
    );
    await expectNasError(
      () => zeroCostEstimatorFrom('zc:params', { zcTable: file, seed: '0', zcBatchSize: 8, dataset: 'cifar10' }),
      'recipe has fashion-mnist',
    );
    await expectNasError(
      () => zeroCostEstimatorFrom('zc:params', { zcTable: join(root, 'none.json'), seed: '0', zcBatchSize: 8 }),
      'none.json',
    );
  });
});
