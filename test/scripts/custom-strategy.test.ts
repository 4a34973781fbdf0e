import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLog } from '../../src/runs/index.js';
import { runCli } from '../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nas-custom-strategy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tiny = ['--space', 'nb201', '--channels', '4', '--layers', '1', '--batch-size', '8', '--train-limit', '64', '--candidates', '2'];

/** `npx tsx scripts/custom-strategy.ts ARGS`; `stopWhen` sends SIGTERM (a Ctrl-C) once it holds of stderr. */
function script(args: string[], stopWhen: ((stderr: string) => boolean) | null = null) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/custom-strategy.ts', ...args], {
    env: { ...process.env, NAS_THREADS: '1' },
  });
  let stderr = '';
  let stopped = false;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (!stopped && stopWhen?.(stderr)) {
      stopped = true;
      child.kill('SIGTERM');
    }
  });
  return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('scripts/custom-strategy.ts', () => {
  it('is a short script whose strategy gets a full run directory, resume, nas report and nas bias', async () => {
    expect(readFileSync('scripts/custom-strategy.ts', 'utf8').split('\n').length).toBeLessThanOrEqual(60);
    const full = join(root, 'full');
    expect((await script([...tiny, '--epochs', '2', '--data-dir', 'embedded', '--out', full])).code).toBe(0);
    for (const f of ['config.json', 'log.jsonl', 'checkpoint.nas', 'genotype.json', 'result.json'])
      expect(existsSync(join(full, f)), f).toBe(true);
    // Strict fairness: after 2 epochs of 4 steps every op of every edge trained in all 8 steps.
    expect(
      readLog(join(full, 'log.jsonl'))
        .at(-1)!
        .sampled!.normal!.flat()
        .every((n) => n === 8),
    ).toBe(true);

    const out = join(root, 'stopped');
    const stopped = await script([...tiny, '--epochs', '2', '--data-dir', 'embedded', '--out', out], (e) => /epoch 1\/2 step 2\/4/.test(e));
    expect(stopped.code).toBe(130);
    expect((await runCli('search', '--resume', out)).err).toMatch(
      /^nas: .* was searched with strategy 'strict-fair', which this process has not registered; resume it from the script that registers it/m,
    );
    expect((await script(['--resume', out])).code).toBe(0);
    expect(readFileSync(join(out, 'genotype.txt'), 'utf8')).toBe(readFileSync(join(full, 'genotype.txt'), 'utf8'));

    const report = await runCli('report', full);
    expect(report.err).not.toMatch(/^nas:/m);
    expect(report.code).toBe(0);
    const bias = await runCli(
      'bias',
      '--supernet',
      full,
      '-k',
      '2',
      '--bootstrap',
      '10',
      ...['--recalibrate-batches', '1', '--eval-batches', '1', '--eval-batch-size', '16'],
      ...['--retrain-epochs', '1', '--retrain-channels', '2', '--retrain-layers', '1', '--retrain-batch-size', '16'],
      ...['--retrain-train-limit', '32', '--holdout', '40', '--data-dir', 'embedded', '--out', join(root, 'bias')],
    );
    expect(bias.err).not.toMatch(/^nas:/m);
    expect(bias.code).toBe(0);
  }, 180_000);
});
