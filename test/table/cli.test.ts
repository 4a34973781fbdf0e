import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ledgerPath, readTable, readTableLedger } from '../../src/table/index.js';
import { runCli } from '../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nas-table-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The command on the shipped subset, made small: 4 architectures, 2 seeds, 1 epoch. */
const SMALL = [
  '--data-dir',
  'embedded',
  '--image-size',
  '8',
  '--channels',
  '4',
  '--train-limit',
  '100',
  '--val-size',
  '100',
  '--test-limit',
  '100',
];
const buildArgs = (out: string, n = 4) => [
  'table',
  'build',
  '--space',
  'nb201',
  '--archs',
  String(n),
  '--seeds',
  '2',
  '--epochs',
  '1',
  ...SMALL,
  '--out',
  out,
];

describe('nas table', () => {
  const table = join(root, 'small.json');

  it('build writes a table that info, --estimator table:FILE and nas bias --truth table:FILE read', async () => {
    const built = await runCli(...buildArgs(table));
    expect(built.code, built.err).toBe(0);
    expect(built.out).toMatch(/done: 4 architectures .* trained 8 run\(s\), 0 already in the ledger/);
    expect(Object.keys(readTable(table).archs)).toHaveLength(4);

    const info = await runCli('table', 'info', table);
    expect(info.code, info.err).toBe(0);
    expect(info.out).toMatch(/^architectures\s+4 \(4 unique computations, 0\.1% of the space's\)$/m);
    expect(info.out).toMatch(/^seed tau, all\s+-?\d\.\d{3} \[/m);

    // A partial table: an architecture it lacks is a one-line error naming it, or with --table-grow is trained into it.
    const random = await runCli('random', '--estimator', `table:${table}`, '--budget', '3', '--out', join(root, 'random'));
    expect(random.code).not.toBe(0);
    expect(random.err.trim().split('\n')).toHaveLength(1);
    expect(random.err).toMatch(/has no entry for \|.*\| \(it holds 4; --table-grow/);
    const grown = await runCli('random', '--estimator', `table:${table}`, '--table-grow', '--budget', '2', '--out', join(root, 'grown'));
    expect(grown.code, grown.err).toBe(0);
    expect(Object.keys(readTable(table).archs).length).toBeGreaterThan(4);

    const bias = await runCli('bias', '--supernet', 'zc:params', '--truth', `table:${table}`, '-k', '3', '--out', join(root, 'bias'));
    expect(bias.code).not.toBe(0);
    expect(bias.err).toMatch(/has no entry for \|.*\| \(it holds \d+; --table-grow/);
  });

  it('add trains architectures with the table recipe and seeds; a bad one is a one-line error', async () => {
    const arch = '|nor_conv_3x3~0|+|none~0|none~1|+|none~0|avg_pool_3x3~1|skip_connect~2|';
    const added = await runCli('table', 'add', table, arch);
    expect(added.code, added.err).toBe(0);
    expect(readTable(table).archs[arch]!.runs.map((r) => r.seed)).toEqual([1, 2]);
    const bad = await runCli('table', 'add', table, '|bogus~0|');
    expect(bad.code).not.toBe(0);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain("'|bogus~0|' is not an architecture of the nb201 space");
  });

  it('a build killed with SIGKILL resumes without retraining what was done', async () => {
    const out = join(root, 'killed.json');
    const script = "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv);";
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'nas', ...buildArgs(out, 6)], {
      env: { ...process.env, NAS_THREADS: '1' },
      stdio: 'ignore',
    });
    const ledger = ledgerPath(out);
    const runs = () => (existsSync(ledger) ? readTableLedger(ledger).filter((r) => r.kind === 'run').length : 0);
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (runs() >= 3) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 50);
      child.on('exit', () => {
        clearInterval(poll);
        reject(new Error('the build ended before it was killed'));
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const done = runs();
    expect(done).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThan(12);
    const before = readTableLedger(ledger).filter((r) => r.kind === 'run');
    // table info says how far the plan has come, and how to go on.
    const partial = await runCli('table', 'info', out);
    expect(partial.code, partial.err).toBe(0);
    expect(partial.out).toMatch(
      new RegExp(
        `^build plan +12 runs \\(6 architectures x seeds 1, 2\\): ${done} done, ${12 - done} to go, about [\\d.]+ core-hours; continue with nas table build --resume --out ${out}$`,
        'm',
      ),
    );
    const resumed = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, 'nas', 'table', 'build', '--resume', '--out', out],
      {
        env: { ...process.env, NAS_THREADS: '1' },
        encoding: 'utf8',
      },
    );
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`trained ${12 - done} run(s), ${done} already in the ledger`);
    const after = readTableLedger(ledger).filter((r) => r.kind === 'run');
    expect(after).toHaveLength(12);
    // What was done before the kill is kept as it was, not trained again.
    expect(after.slice(0, done)).toEqual(before);
    expect(readFileSync(out, 'utf8')).toContain('"header"');
    expect((await runCli('table', 'info', out)).out).toMatch(/^build plan +12 runs \(6 architectures x seeds 1, 2\): all done$/m);
    // A table copied without its ledger has no plan to report.
    const copy = join(root, 'copy.json');
    copyFileSync(out, copy);
    const alone = await runCli('table', 'info', copy);
    expect(alone.code, alone.err).toBe(0);
    expect(alone.out).not.toMatch(/^build plan/m);
  });
});
