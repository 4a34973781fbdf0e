import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nas-anytime-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A tiny table of the shipped subset: 8 architectures, 1 seed, 3 epochs (early stopping decides after 2), 8x8 images. */
const BUILD = [
  ...['table', 'build', '--space', 'nb201', '--archs', '8', '--seeds', '1', '--epochs', '3', '--data-dir', 'embedded'],
  ...['--image-size', '8', '--channels', '4', '--train-limit', '100', '--val-size', '100', '--test-limit', '100'],
];

describe('nas anytime', () => {
  it('compares the contenders on a table built from the embedded data, prints the grid, and nas report draws the curves', async () => {
    const table = join(root, 'tiny.json');
    const built = await runCli(...BUILD, '--out', table);
    expect(built.code, built.err).toBe(0);
    const out = join(root, 'cmp');
    const r = await runCli(
      'anytime',
      '--table',
      table,
      '--compute',
      '4x',
      '--seeds',
      '2',
      '--population',
      '4',
      '--sample',
      '2',
      '--grid-points',
      '5',
      '--out',
      out,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /^seconds\s+random\s+random-early-stop\s+evolution\s+evolution-fresh\s+evolution-early-stop\s+hyperband\s+bohb$/m,
    );
    expect(r.out).toMatch(/table optimum: val \d+\.\d\d, test \d+\.\d\d/);
    expect(r.out).toMatch(/^val minus random's at equal compute/m);
    const results = JSON.parse(readFileSync(join(out, 'anytime.json'), 'utf8')) as { contenders: { val: unknown[] }[] };
    expect(results.contenders).toHaveLength(7);
    for (const c of results.contenders) expect(c.val.at(-1)).not.toBeNull();

    const report = await runCli('report', out);
    expect(report.code, report.err).toBe(0);
    expect(report.err).toMatch(/^anytime run: 2 figure\(s\) \(anytime-val, anytime-test\)/);
    const svg = readFileSync(join(out, 'report', 'anytime-val.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('hyperband');
    expect(existsSync(join(out, 'report', 'anytime-test.png'))).toBe(true);
    expect(readFileSync(join(out, 'report', 'index.html'), 'utf8')).toContain('table optimum');
    expect(readFileSync(join(out, 'report', 'index.html'), 'utf8')).toContain('val minus random');

    const again = await runCli('anytime', '--resume', out);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toBe(r.out);
  }, 300_000);

  it('refuses bad input in one line', async () => {
    const table = join(root, 'tiny.json');
    const cases: [string[], RegExp][] = [
      [['anytime', '--compute', '10'], /nas anytime needs --table FILE/],
      [['anytime', '--table', table], /nas anytime needs --compute SECONDS/],
      [
        ['anytime', '--table', table, '--compute', 'lots'],
        /--compute must be seconds \(e\.g\. 600\) or trainings \(e\.g\. 20x\), got 'lots'/,
      ],
      [['anytime', '--table', join(root, 'none.json'), '--compute', '3x'], /cannot read table .*none\.json/],
      [['anytime', '--resume', join(root, 'cmp'), '--seeds', '3'], /--resume continues the comparison with its own settings; drop --seeds/],
      [['report', join(root, 'half')], /no such directory/],
    ];
    for (const [args, error] of cases) {
      const r = await runCli(...args, ...(args.includes('--resume') || args[0] === 'report' ? [] : ['--out', join(root, 'bad')]));
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(error);
    }
    const refused = await runCli(
      'anytime',
      '--table',
      table,
      '--compute',
      '3x',
      '--early-stop-min-epochs',
      '3',
      '--out',
      join(root, 'bad'),
    );
    expect(refused.err).toMatch(/--early-stop-min-epochs 3 leaves no epoch to stop before the recipe's 3/);
    expect(existsSync(join(root, 'bad'))).toBe(false);
  });
});
