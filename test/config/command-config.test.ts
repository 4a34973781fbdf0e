import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { runCli } from '../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nas-command-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}

describe('--config on every command', () => {
  it('every command takes one', () => {
    const leaves = (c: ReturnType<typeof buildProgram>): ReturnType<typeof buildProgram>[] =>
      c.commands.length === 0 ? [c] : c.commands.flatMap(leaves);
    const program = buildProgram(
      () => {},
      () => {},
    );
    const without = program.commands.flatMap(leaves).filter((c) => !c.options.some((o) => o.long === '--config'));
    expect(without.map((c) => c.name())).toEqual([]);
  });

  it("sets a command's options from YAML, with flags winning", async () => {
    const threads = file('info.yaml', 'threads: 1\n');
    expect((await runCli('info', '--config', threads)).out).toMatch(/^threads\s+1$/m);
    const json = file('info.json', '{"threads": 1}');
    expect((await runCli('info', '--config', json)).code).toBe(0);
  });

  it.each([
    ['unknown.yaml', 'thread: 2\n', /^nas: unknown setting 'thread' in .*unknown\.yaml \(known: backend, threads/],
    ['parser.yaml', 'threads: many\n', /^nas: --threads in .*parser\.yaml: not an integer$/],
    ['flag.yaml', 'check: maybe\n', /^nas: --check must be true or false, got "maybe" in .*flag\.yaml$/],
  ])('%s is a one-line error', async (name, text, message) => {
    const r = await runCli('info', '--config', file(name, text));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
