import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { TableEstimator } from '../../src/estimators/index.js';
import { NasError } from '../../src/errors.js';
import { parseGenotype } from '../../src/space/index.js';
import { writeCurveTable } from './fidelity-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-budget-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const nb201 = spaceByName('nb201');
const table = join(root, 't.json');
writeCurveTable(table, 4);
const all3x3 = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const arch = parseGenotype(nb201, all3x3);

describe('the table estimator at a budget', () => {
  const estimator = new TableEstimator(nb201, table);

  it('reads the mean curve over seeds at that epoch, costing the training seconds up to it', async () => {
    expect(estimator.maxEpochs).toBe(4);
    const full = await estimator.estimate(arch);
    expect(full.cost).toBe(1);
    const shape = (e: number) => (1 - 0.5 ** e) / (1 - 0.5 ** 4);
    for (const epochs of [1, 2, 3, 4]) {
      const e = await estimator.estimate(arch, { epochs });
      expect(e.score).toBeCloseTo(full.score * shape(epochs), 9);
      expect(e.test).toBeCloseTo(full.test! * shape(epochs), 9);
      expect(e.cost).toBeCloseTo((10 * epochs) / 4, 9);
      expect(e.curve).toHaveLength(epochs);
    }
    expect((await estimator.estimate(arch, { epochs: 4 })).score).toBeCloseTo(full.score, 9);
  });

  it('refuses a budget above the recipe and a table without curves, in one line', async () => {
    await expect(estimator.estimate(arch, { epochs: 5 })).rejects.toThrow(/budget of 5 epochs is above the recipe's 4$/);
    await expect(estimator.estimate(arch, { epochs: 0 })).rejects.toBeInstanceOf(NasError);
    const flat = join(root, 'flat.json');
    writeFileSync(flat, JSON.stringify({ ops: nb201.ops, archs: { [all3x3]: { val: 1, test: 2 } } }));
    const noCurves = new TableEstimator(nb201, flat);
    expect(noCurves.maxEpochs).toBeUndefined();
    await expect(noCurves.estimate(arch, { epochs: 1 })).rejects.toThrow(/has no per-epoch curves/);
    expect((await noCurves.estimate(arch)).score).toBe(1);
  });
});
