import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRun } from '../../src/report/html/read-run.js';
import { loadRetrainedModel } from '../../src/retrain/load-run.js';
import { RUN_KINDS, TOOLKIT_NAME, readRunHeader, readRunHeaderOf, runFile } from '../../src/runs/index.js';
import { writeRunConfig } from '../../src/runs/open-run.js';
import { toolkitVersion } from '../../src/version.js';
import { useTempDir } from '../checkpoint/temp-dir.js';
import { expectNasError, expectNasErrorSync } from '../helpers/expect-nas-error.js';

const tmp = useTempDir();
const results = join(import.meta.dirname, '..', '..', 'docs', 'results');

/** A directory holding just `config.json` with `value`. */
function withConfig(value: unknown): string {
  const dir = join(tmp(), 'run');
  mkdirSync(dir, { recursive: true });
  writeFileSync(runFile(dir, 'config'), typeof value === 'string' ? value : JSON.stringify(value));
  return dir;
}

describe('run header', () => {
  it.each(RUN_KINDS)(
    'writeRunConfig writes { toolkit: { name, version }, kind, backend, config } for a %s run, read back as written',
    async (kind) => {
      const dir = join(tmp(), kind);
      mkdirSync(dir);
      await writeRunConfig(dir, kind, { seed: '1', nested: { a: [1, 2] } });
      const written = JSON.parse(readFileSync(runFile(dir, 'config'), 'utf8'));
      expect(Object.keys(written)).toEqual(['toolkit', 'kind', 'backend', 'config']);
      expect(written.toolkit).toEqual({ name: TOOLKIT_NAME, version: toolkitVersion() });
      expect(written.kind).toBe(kind);
      expect(readRunHeader(dir)).toEqual(written);
    },
  );

  it.each([
    ['darts-fmnist-2000', 'search', 'strategy'],
    ['darts-fmnist-10k-s1', 'search', 'strategy'],
    ['retrain-fmnist-c16', 'retrain', 'genotype'],
    ['retrain-fmnist-c16-random1-light', 'retrain', 'genotype'],
  ] as const)('reads the committed pre-header run docs/results/%s as a %s run', (name, kind, key) => {
    const header = readRunHeader(join(results, name));
    expect(header.kind).toBe(kind);
    expect(header.toolkit).toEqual({ name: TOOLKIT_NAME, version: '0.1.0' });
    expect(header.backend).toBe('wasm');
    expect(header.config as object).toHaveProperty(key);
    // The report opens it by the same header.
    expect(readRun(join(results, name)).kind).toBe(kind);
  });

  it("reads the committed pre-header bias study docs/results/bias-fmnist-k30: its flags are the header's config", () => {
    const header = readRunHeaderOf<{ k: number; truth: string }>(join(results, 'bias-fmnist-k30'), 'bias', 'test');
    expect(header.config.k).toBe(30);
    expect(header.config.truth).toBe('retrain');
    expect(header.backend).toBeNull();
  });

  it('reads a pre-header black-box config ({ toolkit, command, flags }) as a black-box run', () => {
    const dir = withConfig({ toolkit: '0.1.0', command: 'evolve', flags: { budget: 30 } });
    expect(readRunHeader(dir)).toEqual({
      toolkit: { name: TOOLKIT_NAME, version: '0.1.0' },
      kind: 'black-box',
      backend: null,
      config: { command: 'evolve', flags: { budget: 30 } },
    });
  });

  it('refuses what is not a run header in one line naming the file', () => {
    const file = (dir: string) => runFile(dir, 'config');
    let dir = withConfig('{"toolkit": ');
    expectNasErrorSync(() => readRunHeader(dir), file(dir), 'cannot read');
    dir = withConfig({ toolkit: { name: TOOLKIT_NAME, version: '1' }, kind: 'painting', config: {} });
    expectNasErrorSync(() => readRunHeader(dir), file(dir), 'unknown run kind "painting" (known: search, retrain, black-box, bias)');
    dir = withConfig({ toolkit: { name: 'other-tool', version: '1' }, kind: 'search', config: {} });
    expectNasErrorSync(() => readRunHeader(dir), "written by 'other-tool'");
    dir = withConfig({ toolkit: { name: TOOLKIT_NAME, version: '1' }, kind: 'search' });
    expectNasErrorSync(() => readRunHeader(dir), "no 'config'");
    dir = withConfig({ toolkit: '0.1.0', config: { neither: 1 } });
    expectNasErrorSync(() => readRunHeader(dir), file(dir), "'toolkit' must be { name, version }");
    dir = withConfig([1]);
    expectNasErrorSync(() => readRunHeader(dir), 'expected a JSON object');
    expectNasErrorSync(() => readRunHeader(join(tmp(), 'nowhere')), 'has no config.json');
  });

  it('loading a retrained network from a search run says which kind the run is', async () => {
    const search = join(results, 'darts-fmnist-2000');
    await expectNasError(
      () => loadRetrainedModel(search),
      `cannot load a retrained network from ${search}`,
      'is a search run, not a retrain run',
    );
  });

  it('a reader that needs one kind says which kind the run is', async () => {
    const dir = join(tmp(), 'r');
    mkdirSync(dir);
    await writeRunConfig(dir, 'retrain', { genotype: {} });
    expectNasErrorSync(() => readRunHeaderOf(dir, 'search', `--inherit ${dir}`), `--inherit ${dir}`, 'is a retrain run, not a search run');
  });
});
