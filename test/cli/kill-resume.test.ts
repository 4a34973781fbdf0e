import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { readLog } from '../../src/runs/index.js';
import { resolveSearchConfig, runSearch } from '../../src/search/index.js';

const root = mkdtempSync(join(tmpdir(), 'nas-kill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const script = "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv);";
const settings = { space: 'nb201', channels: 4, layers: 1, batchSize: 8, trainLimit: 64, epochs: 2, seed: 11 };
const flags = ['--space', 'nb201', '--channels', '4', '--layers', '1', '--batch-size', '8', '--train-limit', '64', '--epochs', '2'];

/**
 * `nas search` in a child process, killed with SIGKILL (no handler runs, no
 * checkpoint is written on the way out) once `killWhen` holds of its
 * stderr or of the run directory; null: left to finish.
 */
function nas(args: string[], killWhen: ((stderr: string) => boolean) | null) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'nas', 'search', ...args], {
    env: { ...process.env, NAS_THREADS: '1' },
  });
  let stderr = '';
  let killed = false;
  const check = () => {
    if (!killed && killWhen?.(stderr)) {
      killed = true;
      child.kill('SIGKILL');
    }
  };
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    check();
  });
  const poll = setInterval(check, 5);
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stderr });
    }),
  );
}

describe('a search killed with SIGKILL', () => {
  it('resumes to the genotype and log of an uninterrupted run, whenever it was killed', async () => {
    const reference = await runSearch(resolveSearchConfig({ ...settings, dataDir: embeddedFashionSubsetDir() }), {
      out: join(root, 'reference'),
    });
    const out = join(root, 'killed');
    // Killed as soon as its config.json exists: before or just after the first checkpoint.
    const first = await nas(
      ['darts', ...flags, '--seed', '11', '--data-dir', 'embedded', '--checkpoint-minutes', '0.0001', '--out', out],
      () => existsSync(join(out, 'config.json')),
    );
    expect(first.signal).toBe('SIGKILL');
    // Killed mid-run, checkpointing on a clock that is always due: somewhere in the first epoch.
    const second = await nas(['--resume', out, '--checkpoint-minutes', '0.0001'], (stderr) => /epoch 1\/2 step 3\/4/.test(stderr));
    expect(second.signal).toBe('SIGKILL');
    expect(existsSync(join(out, 'genotype.json'))).toBe(false);
    const last = await nas(['--resume', out], null);
    expect(last.code).toBe(0);
    expect(readFileSync(join(out, 'genotype.txt'), 'utf8').trim()).toBe(reference.canonical);
    const log = readLog(join(out, 'log.jsonl'));
    expect(log.map((r) => [r.epoch, r.train_loss, r.val_loss, r.genotype])).toEqual(
      readLog(join(root, 'reference', 'log.jsonl')).map((r) => [r.epoch, r.train_loss, r.val_loss, r.genotype]),
    );
  }, 120_000);
});
