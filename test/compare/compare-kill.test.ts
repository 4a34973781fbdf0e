import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_FILES, runCompare } from '../../src/compare/index.js';
import { inProcessNas } from '../helpers/in-process-nas.js';
import { buildTinyTable } from '../helpers/tiny-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-compare-kill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const table = join(root, 'tiny.json');

beforeAll(async () => {
  const built = await buildTinyTable(table, 6, 2);
  expect(built.code, built.err).toBe(0);
}, 300_000);

const script = "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv);";

describe('a comparison killed with SIGKILL', () => {
  it('continues the half-done search from its checkpoint and repeats no finished step', async () => {
    const out = join(root, 'cmp');
    const search = join(out, 'runs', 'spos-s0');
    // Killed (no handler runs) once the SPOS search has checkpointed its first epoch of three.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, 'nas', 'compare', '--table', table, '--out', out, '--seeds', '1'].concat([
        '--methods',
        'random,spos',
        '--epochs',
        '3',
        '--queries',
        '3',
        '--batch-size',
        '30',
        '--tau-archs',
        '5',
        '--tau-snapshots',
        '0',
      ]),
      { env: { ...process.env, NAS_THREADS: '1' } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const poll = setInterval(() => {
      if (existsSync(join(search, 'checkpoint.nas'))) child.kill('SIGKILL');
    }, 5);
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_, s) => resolve(s)));
    clearInterval(poll);
    expect(signal, stderr).toBe('SIGKILL');
    const ledgerFile = join(out, COMPARE_FILES.ledger);
    const ledger = existsSync(ledgerFile) ? readFileSync(ledgerFile, 'utf8') : '';
    const finished = ledger
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { method: string; step: string });
    // SPOS comes first in table order; random search had not begun.
    expect(finished.every((r) => r.method === 'spos')).toBe(true);

    const calls: string[][] = [];
    const nas = inProcessNas(calls);
    const outcome = await runCompare(null, { out, resume: true, nas });
    expect(outcome.stopped).toBe(false);
    const searched = finished.some((r) => r.method === 'spos' && r.step === 'search');
    // The search goes on from its checkpoint (unless it had finished and been recorded), and is not started afresh.
    const rest = ['evolve --estimator', 'random --estimator'];
    expect(calls.map((c) => c.slice(0, 2).join(' '))).toEqual(searched ? rest : ['search --resume', ...rest]);
    if (!searched) expect(calls[0]![2]).toBe(search);
    if (outcome.stopped) return;
    expect(outcome.results.methods.map((m) => [m.method, m.seeds])).toEqual([
      ['spos', 1],
      ['random', 1],
    ]);
    const log = readFileSync(join(search, 'log.jsonl'), 'utf8').trim().split('\n');
    expect(log.map((l) => (JSON.parse(l) as { epoch: number }).epoch)).toEqual([0, 1, 2]);
  }, 300_000);
});
