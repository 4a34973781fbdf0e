import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** `nas` in a fresh process (the wasm engine's threads are fixed when it first starts). */
function nas(args: string[], env: Record<string, string> = {}) {
  const script = "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv);";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'nas', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}

describe('wasm threads', () => {
  it('starts two threads and the process still exits by itself', () => {
    const r = nas(['info', '--threads', '2']);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^threads\s+2$/m);
  });

  it('takes the count from NAS_THREADS', () => {
    const r = nas(['info'], { NAS_THREADS: '1' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^threads\s+1$/m);
  });

  it('rejects a bad count in one line', () => {
    const r = nas(['info'], { NAS_THREADS: 'many' });
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe("nas: NAS_THREADS must be a positive integer, got 'many'");
  });
});

describe('stopping a run with a signal', () => {
  it('SIGTERM mid-epoch writes a checkpoint and exits 130, and the run resumes', async () => {
    const { mkdtempSync, rmSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawn } = await import('node:child_process');
    const root = mkdtempSync(join(tmpdir(), 'nas-signal-'));
    const out = join(root, 'run');
    try {
      const script = "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv);";
      const args = [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
        'nas',
        'search',
        'darts',
        '--data-dir',
        'embedded',
        '--channels',
        '4',
        '--layers',
        '2',
        '--batch-size',
        '8',
        '--train-limit',
        '160',
        '--epochs',
        '3',
        '--out',
        out,
      ];
      const child = spawn(process.execPath, args, { env: { ...process.env, NAS_THREADS: '1' } });
      let stderr = '';
      let signalled = false;
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Plain progress lines (not a TTY): stop once the first epoch is under way.
        if (!signalled && /epoch 1\/3 step \d+\/10/.test(stderr)) {
          signalled = true;
          child.kill('SIGTERM');
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(signalled).toBe(true);
      expect(code).toBe(130);
      expect(stderr).toMatch(/stopped after 0 epoch\(s\); continue with: nas search darts --resume/);
      expect(existsSync(join(out, 'checkpoint.nas'))).toBe(true);
      expect(existsSync(join(out, 'genotype.json'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
