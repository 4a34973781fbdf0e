import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nas-lamarckian-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tiny = ['--retrain-channels', '4', '--retrain-layers', '1', '--retrain-epochs', '1', '--retrain-batch-size', '8'];
const data = ['--retrain-train-limit', '16', '--holdout', '8', '--data-dir', 'embedded'];
const evolve = (out: string, ...more: string[]) =>
  runCli(
    'evolve',
    '--estimator',
    'retrain',
    '--inherit',
    'morph',
    '--child-epochs',
    '1',
    ...tiny,
    ...data,
    '--budget',
    '4',
    '--population',
    '2',
    '--sample',
    '2',
    '--seed',
    '0',
    '--out',
    out,
    ...more,
  );

interface RunInfo {
  readonly dir: string;
  readonly genotype: string;
  readonly source: string;
  readonly inherited: number | null;
}

/** Each per-architecture run directory: where its training started (its config's source) and how many tensors it inherited. */
function runs(out: string): RunInfo[] {
  const base = join(out, 'retrain');
  return readdirSync(base).map((dir) => {
    const config = JSON.parse(readFileSync(join(base, dir, 'config.json'), 'utf8'));
    const result = JSON.parse(readFileSync(join(base, dir, 'result.json'), 'utf8'));
    return { dir, genotype: String(result.genotype), source: String(config.config.source), inherited: result.inherited };
  });
}

const historyOf = (out: string) =>
  readFileSync(join(out, 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { genotype: string });

describe('nas evolve --estimator retrain --inherit morph (Lamarckian evolution)', () => {
  const out = join(root, 'run');

  it('trains the population from scratch and each child from its parent through a morphism', async () => {
    const r = await evolve(out);
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.strategy).toBe('lamarckian-evolution');
    expect(historyOf(out)).toHaveLength(4);
    const all = runs(out);
    const children = all.filter((x) => x.source.startsWith('morph:'));
    expect(children.length).toBe(2);
    for (const child of children) expect(child.inherited).toBeGreaterThan(0);
    for (const scratch of all.filter((x) => !x.source.startsWith('morph:'))) expect(scratch.inherited).toBeNull();
  });

  it('resumes a killed run: the last child is trained again from its parent found in its run directory', async () => {
    const before = historyOf(out).map((q) => q.genotype);
    const lastChild = runs(out).find((x) => x.genotype === before[3]);
    expect(lastChild?.source).toMatch(/^morph:/);
    // What a kill during the last child leaves: three history lines, no result, the child's training not finished.
    const lines = readFileSync(join(out, 'history.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(out, 'history.jsonl'), `${lines.slice(0, 3).join('\n')}\n`);
    rmSync(join(out, 'result.json'));
    rmSync(join(out, 'retrain', lastChild!.dir), { recursive: true });
    const r = await runCli('evolve', '--resume', out);
    expect(r.code, r.err).toBe(0);
    expect(historyOf(out).map((q) => q.genotype)).toEqual(before);
    const again = runs(out).find((x) => x.genotype === before[3]);
    expect(again?.source).toBe(lastChild!.source);
    expect(again?.inherited).toBeGreaterThan(0);
  });

  it.each([
    [['--inherit', 'copy'], /unknown --inherit 'copy' \(known: morph\)/],
    [['--child-epochs', '0'], /--child-epochs must be a positive integer, got 0/],
  ])('rejects bad input in one line: %j', async (args, message) => {
    const r = await runCli('evolve', '--estimator', 'retrain', '--inherit', 'morph', ...tiny, ...data, ...args, '--out', join(root, 'bad'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('refuses --inherit morph without the retrain estimator', async () => {
    const r = await runCli('evolve', '--estimator', 'zc:synflow', '--inherit', 'morph', '--out', join(root, 'zc'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--inherit morph needs --estimator retrain/);
  });
});
