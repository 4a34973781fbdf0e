import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { computationKey, parseGenotype } from '../../../src/space/index.js';
import { runCli } from '../../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nas-zc-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
/** The NB201 CIFAR-10 table of the project's shared data (as test/space/nb201.test.ts); the study against it skips where it is absent. */
const TABLE = process.env.NB201_TABLE ?? '/work/shared/data/nb201-cifar10-12ep.json';
const tiny = ['--retrain-channels', '4', '--retrain-layers', '1'];

describe('zc: estimators on the command line', () => {
  it.skipIf(!existsSync(TABLE))(
    'nas bias scores zero-cost proxies against a table without any trained supernet and prints tau and rho',
    async () => {
      const out = join(root, 'bias');
      const r = await runCli(
        'bias',
        '--supernet',
        'zc:synflow',
        '--supernet',
        'zc:params',
        '--truth',
        `table:${TABLE}`,
        '--k',
        '12',
        '--space',
        'nb201',
        '--dataset',
        'cifar10',
        '--bootstrap',
        '50',
        '--out',
        out,
        ...tiny,
      );
      expect(r.err).not.toContain('Error');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/zc:synflow: Kendall tau -?\d\.\d{3} \[.*\], Spearman rho -?\d\.\d{3} \[/);
      expect(r.out).toMatch(/zc:params: Kendall tau /);
      const report = JSON.parse(readFileSync(join(out, 'bias.json'), 'utf8')) as { supernets: { supernet: string }[]; k: number };
      expect(report.supernets.map((s) => s.supernet)).toEqual(['zc:synflow', 'zc:params']);
      expect(report.k).toBe(12);
    },
  );

  it.skipIf(!existsSync(TABLE))('nas bias --unique draws architectures that differ as computations', async () => {
    const out = join(root, 'unique');
    const r = await runCli(
      'bias',
      '--supernet',
      'zc:params',
      '--truth',
      `table:${TABLE}`,
      '--k',
      '60',
      '--unique',
      '--bootstrap',
      '10',
      '--out',
      out,
      ...tiny,
    );
    expect(r.code).toBe(0);
    const space = spaceByName('nb201');
    const drawn = (JSON.parse(readFileSync(join(out, 'architectures.json'), 'utf8')) as { genotype: string }[]).map((a) =>
      parseGenotype(space, a.genotype),
    );
    expect(drawn).toHaveLength(60);
    expect(new Set(drawn.map((g) => computationKey(space, g))).size).toBe(60);
  });

  it('nas random searches on a zero-cost proxy', async () => {
    const r = await runCli(
      'random',
      '--estimator',
      'zc:params',
      '--budget',
      '4',
      '--dataset',
      'cifar100',
      '--out',
      join(root, 'random'),
      ...tiny,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/best score \d+\.00/);
  });

  it('runs a proxy that needs images on a batch of the data set, and says in one line when there are none', async () => {
    const ok = await runCli(
      'random',
      '--estimator',
      'zc:naswot',
      '--dataset',
      'fashion-mnist',
      '--data-dir',
      'embedded',
      '--zc-batch-size',
      '16',
      '--budget',
      '3',
      '--out',
      join(root, 'naswot'),
      ...tiny,
    );
    expect(ok.err).not.toMatch(/Error|needs/);
    expect(ok.code).toBe(0);
    const missing = await runCli('random', '--estimator', 'zc:snip', '--dataset', 'cifar10', '--budget', '2', '--out', join(root, 'snip'));
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/zc:snip needs a batch of images: no data directory for cifar10/);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
  });

  it('nas random and nas bias take a rank average of estimators', async () => {
    const r = await runCli(
      'random',
      '--estimator',
      'rank:zc:synflow,zc:params',
      '--rank-reference',
      '8',
      '--budget',
      '3',
      '--out',
      join(root, 'rank'),
      ...tiny,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/best score 0\.\d\d/);
    const bad = await runCli('random', '--estimator', 'rank:zc:params', '--budget', '3', '--out', join(root, 'rank-bad'), ...tiny);
    expect(bad.err).toMatch(/a rank average needs at least two estimators, got 1/);
  });

  it('names the known proxies in one line on an unknown one', async () => {
    const r = await runCli('random', '--estimator', 'zc:synflw', '--budget', '2', '--out', join(root, 'bad'));
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(
      /unknown zero-cost proxy 'synflw' \(known: synflow, params, mult-adds, snip, grad_norm, grasp, fisher, jacob_cov, naswot\)/,
    );
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
