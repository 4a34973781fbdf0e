import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { readLog } from '../../src/runs/index.js';
import { resolveSearchConfig, runSearch } from '../../src/search/index.js';
import { validateGenotype } from '../../src/space/index.js';
import { registerWarmSposRow } from '../../scripts/extending/add-compare-method.js';
import { ConvCountEstimator, randomSearchWithConvCount } from '../../scripts/extending/add-estimator.js';
import { paretoFrontWithSkips } from '../../scripts/extending/add-objective.js';
import { searchTinySpace } from '../../scripts/extending/add-space.js';
import { registerWarmSpos } from '../../scripts/extending/add-strategy.js';
import { runCli } from '../helpers/run-cli.js';
import { buildTinyTable } from '../helpers/tiny-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-extending-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('docs/extending.md', () => {
  it('shows every example file as it is, so the page never drifts from what these tests run', () => {
    const page = readFileSync('docs/extending.md', 'utf8');
    const files = readdirSync('scripts/extending').filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual(['add-compare-method.ts', 'add-estimator.ts', 'add-objective.ts', 'add-space.ts', 'add-strategy.ts']);
    for (const file of files) expect(page, file).toContain(`\`\`\`ts\n${readFileSync(join('scripts/extending', file), 'utf8')}\`\`\``);
  });

  it('a registered space is searched like a built-in one', async () => {
    const result = await searchTinySpace(join(root, 'space'), 'embedded');
    expect(result.genotype.space).toBe('tiny-cell');
    expect(validateGenotype(spaceByName('tiny-cell'), result.genotype)).toEqual(result.genotype);
  });

  it('a registered strategy runs, logs, takes its option as a flag and checks it', async () => {
    registerWarmSpos();
    const out = join(root, 'strategy');
    const config = resolveSearchConfig({
      strategy: 'warm-spos',
      warmupEpochs: 1,
      space: 'nb201',
      channels: 4,
      layers: 1,
      epochs: 2,
      batchSize: 8,
      trainLimit: 32,
      candidates: 2,
      dataDir: embeddedFashionSubsetDir(),
    });
    await runSearch(config, { out });
    const [warm, single] = readLog(join(out, 'log.jsonl')).map((r) => r.sampled!.normal!);
    // Warm-up: 2 steps with all 5 ops of the 6 edges on; then at most one op per edge per step (counts add up over the run).
    expect(warm!.flat().every((n) => n === 2)).toBe(true);
    for (const row of single!) expect(row.reduce((a, b) => a + b, 0) - 10).toBeLessThanOrEqual(2);
    const bad = await runCli('search', 'warm-spos', '--warmup-epochs', '-1', '--data-dir', 'embedded', '--out', join(root, 'bad'));
    expect(bad.err).toMatch(/^nas: --warmup-epochs too small: expected number to be >=0, got -1$/m);
  });

  it('a row added to the table of methods runs in nas compare, in this process and through its script with --workers', async () => {
    registerWarmSposRow();
    registerWarmSposRow(); // twice is a no-op, as registering the strategy is
    const table = join(root, 'tiny.json');
    const built = await buildTinyTable(table, 6, 1);
    expect(built.code, built.err).toBe(0);
    const flags = ['--table', table, '--seeds', '1', '--epochs', '2', '--queries', '3', '--batch-size', '30', '--tau-archs', '5'];
    const here = await runCli('compare', ...flags, '--tau-snapshots', '0', '--methods', 'warm-spos', '--out', join(root, 'row'));
    expect(here.code, here.err).toBe(0);
    expect(here.out).toMatch(/^warm-spos +1 /m);
    // The script as the CLI, its nested commands children started the same way (a plain nas would not know warm-spos).
    const script = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/extending/add-compare-method.ts', 'compare', ...flags, '--tau-snapshots', '0'].concat([
        '--methods',
        'warm-spos,random',
        '--workers',
        '2',
        '--out',
        join(root, 'row-workers'),
      ]),
      { encoding: 'utf8', env: { ...process.env, NAS_THREADS: '1' } },
    );
    expect(script.status, script.stderr).toBe(0);
    expect(script.stdout).toMatch(/^warm-spos +1 /m);
    expect(script.stderr).toMatch(/^ {2}\[warm-spos-s0\] /m);
  }, 180_000);

  it('an estimator is queried by a black-box strategy', async () => {
    const history = await randomSearchWithConvCount('1');
    expect(history).toHaveLength(20);
    for (const q of history) expect(Number.isInteger(q.score) && q.score >= 0 && q.score <= 6).toBe(true);
    expect(new ConvCountEstimator().space.name).toBe('nb201');
  });

  it('an objective is traded off against the score on a Pareto front', async () => {
    const front = await paretoFrontWithSkips('2');
    expect(front.length).toBeGreaterThan(0);
    for (const a of front) {
      expect(Number.isInteger(a.objectives.skips)).toBe(true);
      const dominated = front.some(
        (b) =>
          b.score >= a.score &&
          b.objectives.skips! <= a.objectives.skips! &&
          (b.score > a.score || b.objectives.skips! < a.objectives.skips!),
      );
      expect(dominated).toBe(false);
    }
  });
});
