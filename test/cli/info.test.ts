import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'nas', ...args],
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err };
}

describe('nas info', () => {
  it('names the backend and its version', async () => {
    const { code, out } = await run('info');
    expect(code).toBe(0);
    expect(out).toMatch(/^backend\s+wasm \(@tensorflow\/tfjs-backend-wasm 4\.22\.0\)$/m);
  });

  it('prints a one-line install hint and exits non-zero for a missing tensorflow-gpu', async () => {
    const { code, out, err } = await run('info', '--backend', 'tensorflow-gpu');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^nas: .*npm install @tensorflow\/tfjs-node-gpu/);
  });

  it('runs the kernel self-check against cpu', async () => {
    const { code, out } = await run('info', '--check');
    expect(code).toBe(0);
    expect(out).toMatch(/^Conv2DBackpropFilter\s+\S+\s+ok/m);
    expect(out).toMatch(/self-check: (\d+) of \1 gradients within 0.0001 of cpu/);
  });

  it('rejects an unknown flag with a non-zero exit', async () => {
    const { code, err } = await run('info', '--bogus');
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/unknown option '--bogus'/);
  });
});
