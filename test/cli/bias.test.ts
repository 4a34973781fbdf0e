import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { resolveSearchConfig, runSearch } from '../../src/search/index.js';
import { runCli } from '../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nas-cli-bias-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = runCli;

const spos = join(root, 'spos');
const pathdrop = join(root, 'pathdrop');
const fewShot = join(root, 'few-shot');
const small = ['--recalibrate-batches', '1', '--eval-batches', '1', '--eval-batch-size', '16'];
const truth = [
  '--retrain-epochs',
  '1',
  '--retrain-channels',
  '2',
  '--retrain-layers',
  '1',
  '--retrain-batch-size',
  '16',
  '--retrain-train-limit',
  '32',
  '--holdout',
  '40',
  '--data-dir',
  'embedded',
];

beforeAll(async () => {
  for (const [strategy, out] of [
    ['spos', spos],
    ['pathdrop', pathdrop],
  ] as const) {
    const config = resolveSearchConfig({
      strategy,
      space: 'nb201',
      channels: 4,
      epochs: 1,
      batchSize: 16,
      trainLimit: 64,
      seed: 2,
      candidates: 2,
      dataDir: embeddedFashionSubsetDir(),
    });
    await runSearch(config, { out });
  }
  // A few-shot run of the SPOS supernet: one epoch per sub-supernet, split on edge 0.
  const split = await runCli('few-shot', '--from', spos, '--split-edges', '0', '--epochs', '1', '--out', fewShot);
  expect(split.code, split.err).toBe(0);
}, 180_000);

describe('nas bias', () => {
  it('ranks architectures with two supernets against stand-alone training and writes the report', async () => {
    const out = join(root, 'study');
    // One run given relative to the working directory: the saved settings hold it absolute, for resuming from anywhere.
    const r = await run(
      'bias',
      '--supernet',
      relative(process.cwd(), spos),
      '--supernet',
      pathdrop,
      '-k',
      '4',
      '--bootstrap',
      '50',
      ...small,
      ...truth,
      '--out',
      out,
    );
    expect(r.err).not.toMatch(/^nas:/m);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^4 architectures of the nb201 space; truth: retrain/m);
    // With 16 scoring images a tiny supernet may tie every architecture: tau is then undefined, and said so.
    expect(r.out).toMatch(/^spos: Kendall tau (-?\d\.\d{3} \[|n\/a \(all scores tied\))/m);
    expect(r.out).toMatch(/^pathdrop: Kendall tau (-?\d\.\d{3} \[|n\/a \(all scores tied\))/m);
    const report = JSON.parse(readFileSync(join(out, 'bias.json'), 'utf8'));
    expect(report.supernets.map((s: { supernet: string }) => s.supernet)).toEqual(['spos', 'pathdrop']);
    // The uniform four, then each run's derived genotype unless already drawn.
    expect(report.architectures.length).toBeGreaterThanOrEqual(4);
    expect(report.architectures.filter((a: { source: string }) => a.source === 'uniform')).toHaveLength(4);
    for (const a of report.architectures) expect(a.scores.retrain).toBeGreaterThanOrEqual(0);
    const header = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(header.kind).toBe('bias');
    expect(header.config.supernet).toEqual([spos, pathdrop]);
    // How each supernet's training spread over the ops, from its log: single-path steps per op (NB201's 'none' is an op it samples).
    for (const s of report.supernets) {
      expect(s.training.kind).toBe('sampled');
      const shares = s.training.shares.normal as Record<string, number>;
      expect(Object.keys(shares)).toEqual(['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']);
      expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    }
    // Resuming a finished study pays for nothing and reports the same.
    // How the truth is trained may change on resume (more workers); what is measured may not.
    const again = await run('bias', '--resume', out, '--workers', '2', '--threads', '1');
    expect(again.code).toBe(0);
    expect(again.out.split('\n').slice(0, 3)).toEqual(r.out.split('\n').slice(0, 3));
    const clash = await run('bias', '--resume', out, '-k', '8');
    expect(clash.code).toBe(2);
    expect(clash.err).toMatch(/^nas: --resume continues the study with its own settings; drop --k$/m);
  }, 180_000);

  it("studies a few-shot run alone, its truth trained on the run's data (it was cifar10, which has no embedded subset)", async () => {
    const r = await run(
      'bias',
      '--supernet',
      fewShot,
      '-k',
      '4',
      '--bootstrap',
      '50',
      ...small,
      ...truth,
      '--out',
      join(root, 'few-shot-study'),
    );
    expect(r.err).not.toMatch(/^nas:/m);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^4 architectures of the nb201 space; truth: retrain/m);
    expect(r.out).toMatch(/^few-shot:few-shot: Kendall tau (-?\d\.\d{3} \[|n\/a \(all scores tied\))/m);
  }, 120_000);

  it('refuses --ensemble with a few-shot run in one line, naming both, before anything is scored', async () => {
    const out = join(root, 'few-shot-ensemble');
    // Alone, so nothing else fails first: before, the study ran, the ensemble silently left out.
    const r = await run('bias', '--supernet', fewShot, '--ensemble', '2', '-k', '4', ...small, ...truth, '--out', out);
    expect(r.code).toBe(2);
    const errors = r.err.split('\n').filter((l) => l.startsWith('nas:'));
    expect(errors).toEqual([
      `nas: --ensemble 2 averages a trained run's snapshots, but --supernet ${fewShot} is a few-shot run (nas few-shot), whose sub-supernets keep none: drop --ensemble or that --supernet`,
    ]);
    expect(existsSync(out)).toBe(false);
    // Inside a rank: entry too, where --ensemble now scores a trained part by its snapshots.
    const entry = `rank:${spos},${fewShot}`;
    const inRank = await run('bias', '--supernet', entry, '--ensemble', '2', '-k', '4', ...small, ...truth, '--out', out);
    expect(inRank.code).toBe(2);
    expect(inRank.err.split('\n').filter((l) => l.startsWith('nas:'))).toEqual([
      `nas: --ensemble 2 averages a trained run's snapshots, but ${fewShot} (in --supernet ${entry}) is a few-shot run (nas few-shot), whose sub-supernets keep none: drop --ensemble or that --supernet`,
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['bias'], /needs at least one --supernet RUN/],
    [['bias', '--supernet', '/nonexistent-run'], /supernet \/nonexistent-run: no such file or directory/],
    [['bias', '--supernet', spos, '--truth', 'oracle'], /unknown --truth 'oracle' \(known: retrain, table:FILE\)/],
    [['bias', '--supernet', spos, '--supernet', spos], /supernet 'spos' is given twice/],
    [['bias', '--supernet', spos, '--redis', 'redis://127.0.0.1:1'], /cannot reach Redis at redis:\/\/127.0.0.1:1/],
  ])('rejects bad input in one line: %j', async (args, message) => {
    const r = await run(...args, '--out', join(root, `bad-${Math.random()}`));
    expect(r.code).toBe(2);
    expect(r.err.split('\n').filter((l) => l.startsWith('nas:'))).toHaveLength(1);
    expect(r.err).toMatch(message);
  });
});
