import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadConfigFile } from '../../src/config/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { readLog } from '../../src/runs/index.js';
import { resolveSearchConfig, runSearch } from '../../src/search/index.js';

const root = mkdtempSync(join(tmpdir(), 'nas-restart-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A tiny GDAS search (per-step Gumbel draws, architecture and weights): 2 epochs of 2 steps on NB201.
const config = resolveSearchConfig({
  strategy: 'gdas',
  space: 'nb201',
  channels: 4,
  layers: 1,
  epochs: 2,
  batchSize: 8,
  trainLimit: 32,
  seed: 4,
  tauMax: 5,
  dataDir: embeddedFashionSubsetDir(),
});

async function cli(...args: string[]) {
  const err: string[] = [];
  const code = await main(
    ['node', 'nas', ...args],
    () => {},
    (l) => err.push(l),
  );
  return { code, err };
}

describe('a run restarts from its config', () => {
  const full = join(root, 'full');

  it('--resume of a run killed before its first checkpoint (only config.json) starts it again', async () => {
    const reference = await runSearch(config, { out: full });
    const killed = join(root, 'killed');
    mkdirSync(killed);
    copyFileSync(join(full, 'config.json'), join(killed, 'config.json'));
    // A log line from before the kill has no checkpoint behind it: it is written again.
    writeFileSync(join(killed, 'log.jsonl'), `${readFileSync(join(full, 'log.jsonl'), 'utf8').split('\n')[0]}\n`);
    const resumed = await runSearch(null, { out: killed, resume: true });
    expect(resumed.canonical).toBe(reference.canonical);
    expect(readLog(join(killed, 'log.jsonl'))).toEqual(
      readLog(join(full, 'log.jsonl')).map((r) => ({ ...r, seconds: expect.any(Number) })),
    );
  });

  it("a run's own config.json re-runs it: same genotype, by the library and by nas search --config", async () => {
    const again = resolveSearchConfig(loadConfigFile(join(full, 'config.json')));
    expect(again.options).toEqual(config.options);
    const library = await runSearch(again, { out: join(root, 'again') });
    const reference = readFileSync(join(full, 'genotype.txt'), 'utf8');
    expect(`${library.canonical}\n`).toBe(reference);
    const r = await cli('search', '--config', join(full, 'config.json'), '--out', join(root, 'cli'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, 'cli', 'genotype.txt'), 'utf8')).toBe(reference);
  });

  it('flags override a config file, and a file from another strategy names what does not fit', async () => {
    const file = join(root, 'settings.yaml');
    writeFileSync(file, 'strategy: gdas\nspace: nb201\nepochs: 3\ntauMin: 0.5\nweightLr: 0.05\n');
    const settled = resolveSearchConfig({ ...loadConfigFile(file), epochs: 1 });
    expect([settled.epochs, settled.options.tauMin, settled.options.tauMax, settled.weights.weightLr]).toEqual([1, 0.5, 10, 0.05]);
    expect(() => resolveSearchConfig({ ...loadConfigFile(file), strategy: 'spos' })).toThrow(
      /^--tau-min is an option of gdas, not of spos$/,
    );
  });
});
