import { main } from '../../src/cli/main.js';

/** `nas ARGS` in this process: its exit code and what it wrote to stdout and stderr (lines joined). */
export async function runCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'nas', ...args],
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
