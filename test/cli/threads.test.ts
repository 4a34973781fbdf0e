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
