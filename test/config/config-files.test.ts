import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const root = mkdtempSync(join(tmpdir(), 'nas-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}

async function search(...args: string[]) {
  const err: string[] = [];
  const code = await main(
    ['node', 'nas', 'search', ...args],
    () => {},
    (l) => err.push(l),
  );
  return { code, err };
}

describe('nas search --config', () => {
  it.each([
    ['unknown.yaml', 'epochs: 1\nepocs: 2\n', /^nas: unknown setting 'epocs' in .*unknown\.yaml \(known for darts: strategy, space, /],
    ['type.yaml', 'epochs: two\n', /^nas: --epochs must be a positive integer, got 'two' in .*type\.yaml$/],
    ['option.yaml', 'strategy: gdas\ntauMin: -1\n', /^nas: --tau-min must be > 0, got -1 in .*option\.yaml$/],
    ['order.json', '{"order": 3}', /^nas: --order must be 1 or 2, got 3 in .*order\.json$/],
    ['other.yaml', 'strategy: darts\ncandidates: 4\n', /^nas: --candidates is an option of enas, spos, pathdrop, fair, not of darts$/],
    ['list.yaml', '- epochs\n', /^nas: --config .*list\.yaml: expected a mapping of settings, got a list$/],
    ['broken.yaml', 'epochs: [1\n', /^nas: --config .*broken\.yaml: not valid YAML or JSON/],
    ['broken.json', '{"epochs": 1', /^nas: --config .*broken\.json: not valid JSON/],
    ['unknown-strategy.yaml', 'strategy: nasnet\n', /^nas: unknown strategy 'nasnet' \(known: darts, gdas, enas, spos, pathdrop, fair\)$/],
  ])('%s is a one-line error naming what is wrong, and nothing is made', async (name, text, message) => {
    const out = join(root, `run-${name}`);
    const r = await search('--config', file(name, text), '--data-dir', 'embedded', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err.filter((l) => l.startsWith('nas:'))).toHaveLength(1);
    expect(r.err.join('\n')).toMatch(message);
  });

  it('a missing file and --config with --resume are refused in one line', async () => {
    expect((await search('--config', join(root, 'absent.yaml'))).err.join('\n')).toMatch(/^nas: --config .*absent\.yaml: no such file$/m);
    const both = await search('--config', file('ok.yaml', 'epochs: 1\n'), '--resume', root);
    expect(both.err.join('\n')).toMatch(/^nas: --resume continues the run with its own config; drop --config$/m);
  });

  it('a strategy option given on the command line is checked by its schema', async () => {
    const r = await search('gdas', '--tau-max', 'hot', '--data-dir', 'embedded', '--out', join(root, 'hot'));
    expect(r.err.join('\n')).toMatch(/^nas: --tau-max must be a number, got 'hot'$/m);
  });
});
