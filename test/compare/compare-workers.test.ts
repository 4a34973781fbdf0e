import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPARE_FILES,
  STOP_WITH_PARENT,
  childProcessNas,
  runCompare,
  type CompareRecord,
  type CompareSettings,
  type NasCommand,
} from '../../src/compare/index.js';
import { inProcessNas } from '../helpers/in-process-nas.js';
import { runCli } from '../helpers/run-cli.js';
import { buildTinyTable } from '../helpers/tiny-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-compare-workers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const script = "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv);";
/** How a child starts the CLI from the sources: `node ...launch ARGS`. */
const launch = ['--import', 'tsx', '--input-type=module', '-e', script, 'nas'];

/** One tiny table, copied for each comparison: the one-worker and the two-worker run each grow their own. */
const tables = { one: join(root, 'one', 'tiny.json'), two: join(root, 'two', 'tiny.json') };
beforeAll(async () => {
  const built = await buildTinyTable(join(root, 'tiny.json'), 6, 2);
  expect(built.code, built.err).toBe(0);
  for (const file of Object.values(tables)) {
    mkdirSync(join(file, '..'));
    copyFileSync(join(root, 'tiny.json'), file);
    copyFileSync(join(root, 'tiny.ledger.jsonl'), file.replace(/\.json$/, '.ledger.jsonl'));
  }
}, 300_000);

const settings = (table: string): CompareSettings => ({
  table,
  seeds: 1,
  methods: ['spos', 'random'],
  // Long enough that the stop below lands inside the search (an epoch is 4 steps).
  epochs: 12,
  queries: 3,
  batchSize: 30,
  tauArchs: 5,
  tauSnapshots: 0,
  bootstrap: 20,
});

/** When each nested command began and ended. */
interface Call {
  readonly args: readonly string[];
  readonly start: number;
  end: number;
}

function timed(nas: NasCommand, calls: Call[]): NasCommand {
  return async (args, shouldStop) => {
    const call: Call = { args, start: performance.now(), end: Number.NaN };
    calls.push(call);
    const result = await nas(args, shouldStop);
    call.end = performance.now();
    return result;
  };
}

const inProcess = inProcessNas();

const ledger = (out: string) =>
  (existsSync(join(out, COMPARE_FILES.ledger)) ? readFileSync(join(out, COMPARE_FILES.ledger), 'utf8') : '')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CompareRecord);

describe('nas compare --workers', () => {
  it('works on two (method, seed) pairs at once in child processes, stops them with SIGINT, resumes, and finds what one worker finds', async () => {
    const one = join(root, 'one', 'cmp');
    const alone = await runCompare(settings(tables.one), { out: one, nas: inProcess });
    expect(alone.stopped).toBe(false);

    const two = join(root, 'two', 'cmp');
    const spos = join(two, 'runs', 'spos-s0');
    const calls: Call[] = [];
    const lines: string[] = [];
    const nas = timed(
      childProcessNas(launch, (l) => lines.push(l)),
      calls,
    );
    // Stopped once the SPOS search (in its child) has checkpointed its first epoch.
    const stopped = await runCompare(settings(tables.two), {
      out: two,
      nas,
      workers: 2,
      shouldStop: () => existsSync(join(spos, 'checkpoint.nas')),
    });
    expect(stopped.stopped, lines.join('\n')).toBe(true);
    // Random search on the table (the second pair) began while the SPOS search ran.
    const search = calls.find((c) => c.args[0] === 'search')!;
    const random = calls.find((c) => c.args[0] === 'random')!;
    expect(random.start).toBeLessThan(search.end);
    // The child heard the stop: it checkpointed and said so, and its search is not in the ledger.
    expect(lines.join('\n')).toMatch(/stopping after this step/);
    expect(ledger(two).some((r) => r.method === 'spos' && r.step === 'search')).toBe(false);

    const resumedCalls: Call[] = [];
    const resumed = await runCompare(null, {
      out: two,
      resume: true,
      nas: timed(
        childProcessNas(launch, () => {}),
        resumedCalls,
      ),
      workers: 2,
    });
    expect(resumed.stopped).toBe(false);
    expect(resumedCalls[0]!.args.slice(0, 3)).toEqual(['search', '--resume', spos]);
    if (alone.stopped || resumed.stopped) return;
    // Child processes, two at once, a stop and a resume: the same architectures, accuracies and tau.
    const picks = (r: typeof alone.results) => r.methods.map((m) => [m.method, m.genotypes, m.test.mean, m.tau?.per_seed ?? null]);
    expect(picks(resumed.results)).toEqual(picks(alone.results));
  }, 300_000);

  it('a failing pair stops the others after their current step, then its error is reported', async () => {
    const out = join(root, 'failing');
    const lines: string[] = [];
    const child = childProcessNas(launch, (l) => lines.push(l));
    // Random search (the second pair) fails while the SPOS search runs in its child.
    const codes: number[] = [];
    const nas: NasCommand = async (args, shouldStop) => {
      if (args[0] === 'random') return { code: 1, err: 'nas: no table today' };
      const result = await child(args, shouldStop);
      codes.push(result.code);
      return result;
    };
    await expect(runCompare(settings(tables.one), { out, nas, workers: 2 })).rejects.toThrow(
      'random seed 0: nas random failed: nas: no table today',
    );
    // The search was stopped (130: by SIGINT, checkpointed if it had begun), not finished, and is not in the ledger.
    expect(codes, lines.join('\n')).toEqual([130]);
    expect(ledger(out).some((r) => r.method === 'spos')).toBe(false);
  }, 120_000);

  it('a child whose parent is gone stops as on Ctrl-C, with a checkpoint', async () => {
    const out = join(root, 'orphan');
    const args = ['search', 'spos', '--space', 'nb201', '--data-dir', 'embedded', '--channels', '2', '--layers', '1'].concat([
      '--epochs',
      '1',
      '--train-limit',
      '64',
      '--batch-size',
      '16',
      '--out',
      out,
    ]);
    // Pid 1 is not this child's parent: as if the process that started it had died.
    const child = spawn(process.execPath, [...launch, ...args], {
      env: { ...process.env, NAS_THREADS: '1', [STOP_WITH_PARENT]: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('the process that started this one (1) is gone');
    expect(existsSync(join(out, 'checkpoint.nas'))).toBe(true);
  }, 120_000);

  it('runs from the CLI: nested commands are this CLI again, their lines prefixed with their run', async () => {
    const out = join(root, 'cli');
    const args = ['compare', '--table', tables.one, '--out', out, '--workers', '2', '--methods', 'random,evolution'].concat([
      '--seeds',
      '1',
      '--queries',
      '3',
    ]);
    const child = spawn(process.execPath, [...launch, ...args], {
      env: { ...process.env, NAS_THREADS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^ {2}\[random-s0\] /m);
    expect(stderr).toMatch(/^ {2}\[evolution-s0\] /m);
    expect(stdout).toMatch(/^random +1 /m);
    expect(existsSync(join(out, COMPARE_FILES.results))).toBe(true);
    const bad = await runCli('compare', '--resume', out, '--workers', '0');
    expect(bad.code).toBe(2);
    expect(bad.err.split('\n').filter((l) => l.startsWith('nas:'))).toEqual(['nas: --workers must be a whole number >= 1, got 0']);
  }, 120_000);

  it('refuses a bad --workers in one line before anything is written', async () => {
    const out = join(root, 'bad');
    await expect(runCompare(settings(tables.one), { out, nas: inProcess, workers: 0 })).rejects.toThrow(
      '--workers must be a whole number >= 1, got 0',
    );
    expect(existsSync(out)).toBe(false);
  });
});
