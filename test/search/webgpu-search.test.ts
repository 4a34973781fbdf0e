import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { firstLine } from '../../src/errors.js';
import { readLog } from '../../src/runs/index.js';
import { resolveSearchConfig, runSearch, type SearchRequest } from '../../src/search/index.js';

// Searches on the software adapter (Mesa llvmpipe through Dawn's OpenGL
// backend, as test/backend/webgpu.test.ts): the step path reads back only
// with `await data()`, which is all WebGPU under Node allows. Tiny shapes:
// llvmpipe takes seconds per step.
process.env['NAS_WEBGPU_ADAPTER'] = 'software';
const unavailable = await initBackend('webgpu').then(
  () => null,
  (error: unknown) => firstLine(error),
);

const root = mkdtempSync(join(tmpdir(), 'nas-webgpu-search-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** 2 epochs of 2 steps on 32 embedded Fashion-MNIST images. */
const tiny = (request: SearchRequest) =>
  resolveSearchConfig({ epochs: 2, batchSize: 8, trainLimit: 32, seed: 5, dataDir: embeddedFashionSubsetDir(), ...request });

/** An uninterrupted run, and one stopped after its third step and resumed: the same log and genotype. */
async function resumesExactly(name: string, config: ReturnType<typeof tiny>): Promise<void> {
  const full = await runSearch(config, { out: join(root, `${name}-full`) });
  expect(full.stopped).toBe(false);
  const out = join(root, `${name}-stopped`);
  let steps = 0;
  const stopped = await runSearch(config, { out, shouldStop: () => steps++ === 3 });
  expect(stopped.stopped).toBe(true);
  const resumed = await runSearch(null, { out, resume: true });
  expect(resumed.stopped).toBe(false);
  expect(resumed.canonical).toBe(full.canonical);
  expect(readFileSync(join(out, 'genotype.txt'), 'utf8')).toBe(readFileSync(join(root, `${name}-full`, 'genotype.txt'), 'utf8'));
  const [a, b] = [readLog(join(root, `${name}-full`, 'log.jsonl')), readLog(join(out, 'log.jsonl'))];
  expect(b.map((r) => [r.train_loss, r.val_loss, r.alphas, r.genotype])).toEqual(
    a.map((r) => [r.train_loss, r.val_loss, r.alphas, r.genotype]),
  );
  for (const r of a) expect(Number.isFinite(r.train_loss) && Number.isFinite(r.val_loss)).toBe(true);
  expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).backend).toBe('webgpu');
}

describe.skipIf(unavailable !== null)(`search on webgpu${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('DARTS stopped mid-run and resumed ends with the genotype and log of an uninterrupted run, leaking no tensor', async () => {
    expect(tf.getBackend()).toBe('webgpu');
    const before = tf.memory().numTensors;
    await resumesExactly('darts', tiny({ space: 'darts', channels: 4, layers: 2 }));
    expect(tf.memory().numTensors).toBe(before);
  }, 600_000);

  it('SPOS (single path, derived by scoring candidates) resumes exactly too', async () => {
    await resumesExactly('spos', tiny({ strategy: 'spos', space: 'nb201', channels: 4, layers: 1, candidates: 3, deriveBatches: 1 }));
  }, 600_000);
});
