import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const root = mkdtempSync(join(tmpdir(), 'nas-retrain-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function retrain(...args: string[]) {
  const err: string[] = [];
  const code = await main(
    ['node', 'nas', 'retrain', ...args],
    () => {},
    (l) => err.push(l),
  );
  return { code, err };
}

const result = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as {
    genotype: string;
    test_acc: number;
    params: number;
    epochs: number;
    seconds: number;
  };

describe('nas retrain --config', () => {
  it('re-runs a run from its own config.json, and takes YAML with flags overriding it', async () => {
    const yaml = join(root, 'retrain.yaml');
    writeFileSync(
      yaml,
      [
        'genotype: random:3',
        'space: nb201',
        'epochs: 3',
        'trainLimit: 32',
        'testLimit: 16',
        'batchSize: 8',
        'channels: 4',
        'layers: 1',
        'dataDir: embedded',
        'cutout: 0',
      ].join('\n'),
    );
    const first = join(root, 'first');
    expect((await retrain('--config', yaml, '--epochs', '1', '--out', first)).code).toBe(0);
    expect(result(first).epochs).toBe(1);
    const again = join(root, 'again');
    expect((await retrain('--config', join(first, 'config.json'), '--out', again)).code).toBe(0);
    expect(result(again)).toEqual({ ...result(first), seconds: result(again).seconds });
  });

  it.each([
    [
      'unknown.yaml',
      'genotype: random:1\nepoch: 2\n',
      /^nas: unknown setting 'epoch' in .*unknown\.yaml \(known: genotype, source, space,/,
    ],
    ['type.yaml', 'genotype: random:1\nflip: sometimes\n', /^nas: --flip must be true or false, got 'sometimes' in .*type\.yaml$/],
    ['range.yaml', 'genotype: random:1\nlr: -1\n', /^nas: --lr must be in \[0, Infinity\), got -1$/],
    ['none.yaml', 'epochs: 1\n', /^nas: nas retrain needs a genotype .*or a --config naming one\)$/],
  ])('%s is a one-line error', async (name, text, message) => {
    const file = join(root, name);
    writeFileSync(file, text);
    const r = await retrain('--config', file, '--out', join(root, `run-${name}`));
    expect(r.code).toBe(2);
    expect(r.err.filter((l) => l.startsWith('nas:'))).toHaveLength(1);
    expect(r.err.join('\n')).toMatch(message);
  });
});
