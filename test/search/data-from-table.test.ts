import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSearchConfig, searchData } from '../../src/search/index.js';
import { readTable, tableData, tableRecipe } from '../../src/table/index.js';
import { expectNasErrorSync } from '../helpers/expect-nas-error.js';
import { runCli } from '../helpers/run-cli.js';
import { buildTinyTable } from '../helpers/tiny-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-data-from-table-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const table = join(root, 'tiny.json');

/** A tiny table on the shipped subset: 8x8 images, C=4 N=1, 120 training and 60 val images. */
beforeAll(async () => {
  const built = await buildTinyTable(table, 2, 1);
  expect(built.code, built.err).toBe(0);
}, 120_000);

describe('searches on a table split (--data-from-table)', () => {
  it('take the table images: its training images for the weights, its val images for the architecture, at its size', async () => {
    const config = resolveSearchConfig({ strategy: 'spos', dataFromTable: table, epochs: 1 });
    const recipe = tableRecipe(readTable(table));
    expect(config).toMatchObject({
      space: 'nb201',
      dataset: 'fashion-mnist',
      dataDir: recipe.dataDir,
      trainLimit: 120,
      dataFromTable: table,
    });
    expect(config.skeleton).toMatchObject({ kind: 'nb201', channels: 4, cellsPerStage: 1 });
    const data = await searchData(config);
    const expected = await tableData(recipe);
    for (const split of ['train', 'val'] as const) {
      expect(data[split].count).toBe(expected[split].count);
      expect(data[split].height).toBe(8);
      expect(Buffer.from(data[split].images).equals(Buffer.from(expected[split].images))).toBe(true);
      expect([...data[split].labels]).toEqual([...expected[split].labels]);
    }
    expect([data.train.count, data.val.count]).toEqual([120, 60]);
    // A settled config (a run's config.json) resolves to itself.
    expect(resolveSearchConfig(config)).toEqual(config);
  });

  it('nas search --data-from-table writes a run whose config names the table and whose genotype is of its space', async () => {
    const out = join(root, 'spos');
    const r = await runCli('search', 'spos', '--data-from-table', table, '--epochs', '1', '--batch-size', '30', '--out', out);
    expect(r.code, r.err).toBe(0);
    const header = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { config: Record<string, unknown> };
    expect(header.config).toMatchObject({ dataFromTable: table, space: 'nb201', trainLimit: 120 });
    expect(r.out).toMatch(/^genotype \|.*\|$/m);
  });

  it('a setting that disagrees with the table, or a file that is no table, is one line', async () => {
    expectNasErrorSync(
      () => resolveSearchConfig({ dataFromTable: table, dataset: 'mnist' }),
      "the table's dataset is fashion-mnist, not the asked mnist",
    );
    expectNasErrorSync(
      () => resolveSearchConfig({ dataFromTable: table, space: 'darts' }),
      "the table's space is nb201, not the asked darts",
    );
    expectNasErrorSync(() => resolveSearchConfig({ dataFromTable: join(root, 'none.json') }), 'cannot read table');
    const r = await runCli('search', 'darts', '--data-from-table', join(root, 'tiny.ledger.jsonl'), '--epochs', '1');
    expect(r.code).not.toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
