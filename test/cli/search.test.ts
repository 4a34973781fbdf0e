import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { main } from '../../src/cli/main.js';
import type { CellSpace } from '../../src/space/api.js';
import { readEvents } from '../helpers/tensorboard-reader.js';

const darts = spaceByName('darts') as CellSpace;

const root = mkdtempSync(join(tmpdir(), 'nas-cli-search-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'nas', ...args],
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err };
}

const tiny = ['--epochs', '1', '--train-limit', '32', '--batch-size', '8', '--channels', '4', '--layers', '2', '--data-dir', 'embedded'];

describe('nas search', () => {
  it('runs a DARTS search and writes the run directory', async () => {
    const out = join(root, 'run');
    const r = await run('search', 'darts', ...tiny, '--tensorboard', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^genotype normal=\|.*;reduce=\|/m);
    // TensorBoard: the epoch's log record as scalars, the alphas as histograms and per-op means.
    const [file] = readdirSync(join(out, 'tensorboard'));
    const values = readEvents(join(out, 'tensorboard', file!)).flatMap((e) => (e.values ?? []).map((v) => ({ ...v, step: e.step })));
    const log = JSON.parse(readFileSync(join(out, 'log.jsonl'), 'utf8').trim()) as {
      train_loss: number;
      alphas: Record<string, number[][]>;
    };
    const at = (tag: string) => values.find((v) => v.tag === tag);
    expect(at('epoch/train_loss')?.simple_value).toBeCloseTo(log.train_loss, 5);
    expect(at('epoch/train_loss')?.step).toBe(1);
    expect(at('alphas/normal')?.histo?.num).toBe(14 * 8);
    const sep = log.alphas.normal!.reduce((s, row) => s + row[darts.ops.indexOf('sep_conv_3x3')]!, 0) / 14;
    expect(at('alphas/normal/sep_conv_3x3')?.simple_value).toBeCloseTo(sep, 6);
    expect(values.filter((v) => v.tag === 'step/train_loss').map((v) => v.step)).toEqual([1, 2]); // 16 weight-split images, batch 8
    for (const f of ['config.json', 'log.jsonl', 'genotype.json', 'genotype.txt', 'cell-normal.svg', 'cell-reduce.svg', 'result.json']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { config: { epochs: number } };
    expect(config.config.epochs).toBe(1);
  });

  it('recomputes cells on request and derives what the plain run derived', async () => {
    const r = await run('search', 'darts', ...tiny, '--checkpoint-cells', '--out', join(root, 'recomputed'));
    expect(r.code).toBe(0);
    const config = JSON.parse(readFileSync(join(root, 'recomputed', 'config.json'), 'utf8')) as { config: { checkpointCells: boolean } };
    expect(config.config.checkpointCells).toBe(true);
    expect(readFileSync(join(root, 'recomputed', 'genotype.txt'), 'utf8')).toBe(readFileSync(join(root, 'run', 'genotype.txt'), 'utf8'));
  });

  it('searches the NB201 space with second-order DARTS', async () => {
    const r = await run('search', '--space', 'nb201', '--order', '2', ...tiny, '--out', join(root, 'nb201'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^genotype \|[a-z_0-9]+~0\|\+\|/m);
  });

  it.each([
    [['search', 'nasnet'], /^nas: unknown strategy 'nasnet' \(known: darts, gdas, enas, spos, pathdrop, fair\)$/],
    [['search', '--space', 'nasnet'], /^nas: unknown search space 'nasnet'/m],
    [['search', '--dataset', 'imagenet'], /^nas: unknown dataset 'imagenet' \(known: fashion-mnist, mnist, cifar10\)$/],
    [['search', '--batch-size', '0'], /^nas: --batch-size must be a positive integer, got 0$/],
    [['search', '--order', '3'], /^nas: --order must be 1 or 2, got 3$/],
    [['search', '--backend', 'tpu', ...tiny], /^nas: unknown backend 'tpu'/],
    [['search', '--resume', '/nonexistent/run'], /^nas: cannot resume \/nonexistent\/run: it has no checkpoint\.nas$/m],
  ])('%j is a one-line error with a non-zero exit', async (args, message) => {
    const r = await run(...args);
    expect(r.code).not.toBe(0);
    expect(r.err.filter((l) => l.startsWith('nas:'))).toHaveLength(1);
    expect(r.err.join('\n')).toMatch(message);
  });

  it('never overwrites an existing run, and refuses an --out under a file', async () => {
    const existing = await run('search', ...tiny, '--out', join(root, 'run'));
    expect(existing.code).toBe(2);
    expect(existing.err.join('\n')).toMatch(/already holds files; choose a new directory or continue it with --resume/);
    writeFileSync(join(root, 'a-file'), 'x');
    const under = await run('search', ...tiny, '--out', join(root, 'a-file', 'run'));
    expect(under.code).toBe(2);
    expect(under.err.join('\n')).toMatch(/^nas: cannot create --out .*a-file\/run \(ENOTDIR\)$/m);
  });

  it('reports a corrupt checkpoint in one line', async () => {
    const dir = join(root, 'run');
    const file = join(dir, 'checkpoint.nas');
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    const r = await run('search', '--resume', dir);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/checkpoint\.nas: corrupt: data checksum mismatch/);
  });

  it("takes a resumed run's config from the run, not from flags", async () => {
    const r = await run('search', '--resume', join(root, 'nb201'), '--epochs', '3');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/--resume continues the run with its own config; drop --epochs/);
  });

  it('refuses a negative checkpoint interval in one line, before making a run directory', async () => {
    const out = join(root, 'bad-clock');
    const r = await run('search', '--data-dir', 'embedded', '--checkpoint-minutes=-1', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['nas: --checkpoint-minutes must be a number >= 0, got -1']);
    expect(existsSync(out)).toBe(false);
  });
});

describe('nas search with every strategy', () => {
  it.each([
    ['gdas', '--tau-max', '5'],
    ['enas', '--candidates', '2', '--hidden', '8'],
    ['spos', '--candidates', '2'],
    ['pathdrop', '--candidates', '2'],
    ['fair', '--candidates', '2'],
    ['darts', '--partial-channels', '2'],
  ])('%s runs on the embedded data and derives a genotype', async (...args: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'nas-cli-strategy-'));
    try {
      const out: string[] = [];
      const code = await main(
        [
          'node',
          'nas',
          'search',
          ...args,
          '--data-dir',
          'embedded',
          '--channels',
          '4',
          '--layers',
          '2',
          '--batch-size',
          '8',
          '--train-limit',
          '32',
          '--epochs',
          '1',
          '--out',
          join(dir, 'run'),
        ],
        (l) => out.push(l),
        () => {},
      );
      expect(code).toBe(0);
      expect(out.join('\n')).toMatch(/^genotype normal=.*;reduce=/m);
      expect(existsSync(join(dir, 'run', 'genotype.json'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
