import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/html/index.js';
import { isTableFile, tableReportDir } from '../../src/report/html/table-page.js';
import { fakeRun, writeFakeTable } from '../helpers/fake-table.js';
import { runCli } from '../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nas-table-page-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const arch = (a: string, b: string, c: string) => `|${a}~0|+|${b}~0|none~1|+|skip_connect~0|${c}~1|none~2|`;
const OPS = ['nor_conv_3x3', 'nor_conv_1x1', 'avg_pool_3x3'];
const ARCHS = OPS.flatMap((a) => OPS.map((b) => arch(a, b, 'nor_conv_3x3')));
const twoSeeds = writeFakeTable(
  root,
  'two',
  ARCHS.flatMap((a, i) => [fakeRun(a, 1, 70 + i, 69 + i), fakeRun(a, 2, 70 + ((i * 5) % 9), 69 + i)]),
);
const oneSeed = writeFakeTable(
  root,
  'one',
  ARCHS.map((a, i) => fakeRun(a, 1, 70 + i, 69 + i)),
);

describe('a table report', () => {
  it('nas report TABLE.json writes the info rows and four figures beside the table, the page last', async () => {
    const { code, out, err } = await runCli('report', twoSeeds.file);
    expect(code).toBe(0);
    const dir = tableReportDir(twoSeeds.file);
    expect(out).toBe(join(dir, 'index.html'));
    expect(err).toContain('table: 4 figure(s) (seed-agreement, test-spread, accuracy-vs-cost, val-curves)');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('seed tau, all');
    expect(html).toContain(`over ${ARCHS.length} architectures`);
    expect(html).toContain('Kendall tau between them');
    for (const name of ['seed-agreement', 'test-spread', 'accuracy-vs-cost', 'val-curves'])
      for (const ext of ['svg', 'png', 'vl.json']) expect(existsSync(join(dir, `${name}.${ext}`))).toBe(true);
    const spec = JSON.parse(readFileSync(join(dir, 'seed-agreement.vl.json'), 'utf8'));
    expect(spec.layer[1].data.values).toHaveLength(ARCHS.length);
    const curves = JSON.parse(readFileSync(join(dir, 'val-curves.vl.json'), 'utf8'));
    // epoch 1 is 10 points below the final val of every run (fakeRun): the median moves with it
    expect(curves.data.values.map((v: { epoch: number }) => v.epoch)).toEqual([1, 2]);
    expect(curves.data.values[1].median - curves.data.values[0].median).toBe(10);
  });

  it('a one-seed table has no seed-agreement figure and says why it has no ceiling', async () => {
    const written = await writeReport(oneSeed.file, join(root, 'one-out'));
    expect(written.kind).toBe('table');
    expect(written.files.filter((f) => f.endsWith('.svg')).map((f) => basename(f, '.svg'))).toEqual([
      'test-spread',
      'accuracy-vs-cost',
      'val-curves',
    ]);
    expect(readFileSync(written.page, 'utf8')).toContain('needs two seeds of the same architectures');
  });

  it('only a table file of nas table build is taken for one; other JSON is a one-line error', async () => {
    expect(isTableFile(twoSeeds.file)).toBe(true);
    expect(isTableFile(root)).toBe(false);
    const plain = join(root, 'plain.json');
    writeFileSync(plain, JSON.stringify({ ops: [], archs: {} }));
    expect(isTableFile(plain)).toBe(false);
    const bad = await runCli('report', plain);
    expect(bad.code).not.toBe(0);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
  });
});
