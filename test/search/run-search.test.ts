import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { resolveSearchConfig, runSearch } from '../../src/search/index.js';
import { readLog } from '../../src/runs/index.js';

const root = mkdtempSync(join(tmpdir(), 'nas-search-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A tiny DARTS search on the embedded Fashion-MNIST subset: 2 epochs of 4 steps.
const config = resolveSearchConfig({
  space: 'darts',
  channels: 4,
  layers: 2,
  epochs: 2,
  batchSize: 8,
  trainLimit: 64,
  seed: 7,
  dataDir: embeddedFashionSubsetDir(),
});

describe('runSearch', () => {
  it('writes a complete run directory', async () => {
    const out = join(root, 'full');
    const result = await runSearch(config, { out });
    expect(result.stopped).toBe(false);
    expect(readdirSync(out).sort()).toEqual(
      [
        'cell-normal.svg',
        'cell-reduce.svg',
        'checkpoint.nas',
        'config.json',
        'genotype.json',
        'genotype.txt',
        'log.jsonl',
        'result.json',
      ].sort(),
    );
    const log = readLog(join(out, 'log.jsonl'));
    expect(log.map((r) => r.epoch)).toEqual([0, 1]);
    expect(Object.keys(log[1]!.alphas)).toEqual(['normal', 'reduce']);
    expect(log[1]!.genotype).toBe(result.canonical);
    expect(readFileSync(join(out, 'genotype.txt'), 'utf8').trim()).toBe(result.canonical);
    for (const r of log) expect(Number.isFinite(r.train_loss) && Number.isFinite(r.val_loss)).toBe(true);
  });

  it('is reproducible: the same seed gives the same genotype and alphas', async () => {
    const a = await runSearch(config, { out: join(root, 'repeat-a') });
    const b = await runSearch(config, { out: join(root, 'repeat-b') });
    expect(b.canonical).toBe(a.canonical);
    expect(readLog(join(root, 'repeat-b', 'log.jsonl')).at(-1)!.alphas).toEqual(
      readLog(join(root, 'repeat-a', 'log.jsonl')).at(-1)!.alphas,
    );
  });

  it('resumes exactly after an interruption mid-epoch', async () => {
    const full = readLog(join(root, 'full', 'log.jsonl'));
    const out = join(root, 'interrupted');
    let steps = 0;
    const stopped = await runSearch(config, { out, shouldStop: () => steps++ === 3 });
    expect(stopped.stopped).toBe(true);
    expect(existsSync(join(out, 'genotype.json'))).toBe(false);
    const resumed = await runSearch(null, { out, resume: true });
    expect(resumed.stopped).toBe(false);
    const log = readLog(join(out, 'log.jsonl'));
    expect(log.map((r) => r.epoch)).toEqual([0, 1]);
    expect(log.at(-1)!.alphas).toEqual(full.at(-1)!.alphas);
    expect(log.map((r) => r.train_loss)).toEqual(full.map((r) => r.train_loss));
    expect(resumed.canonical).toBe(readFileSync(join(root, 'full', 'genotype.txt'), 'utf8').trim());
  });

  it('checkpoints mid-epoch on a clock: a run killed without warning resumes exactly', async () => {
    const full = readLog(join(root, 'full', 'log.jsonl'));
    const out = join(root, 'crashed');
    let steps = 0;
    const crash = runSearch(config, {
      out,
      checkpointMinutes: 1e-9,
      onStep: () => {
        if (++steps === 3) throw new Error('killed');
      },
    });
    await expect(crash).rejects.toThrow('killed');
    const resumed = await runSearch(null, { out, resume: true });
    const log = readLog(join(out, 'log.jsonl'));
    expect(log.map((r) => r.train_loss)).toEqual(full.map((r) => r.train_loss));
    expect(log.at(-1)!.alphas).toEqual(full.at(-1)!.alphas);
    expect(resumed.canonical).toBe(readFileSync(join(root, 'full', 'genotype.txt'), 'utf8').trim());
  });

  it('refuses to overwrite an existing run and to resume a directory without a checkpoint', async () => {
    await expect(runSearch(config, { out: join(root, 'full') })).rejects.toThrow(/already holds files.*--resume/);
    await expect(runSearch(null, { out: join(root, 'nothing'), resume: true })).rejects.toThrow(/has no checkpoint\.nas/);
  });
});
