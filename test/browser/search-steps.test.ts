import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/registry.js';
import { loadIdxDataset } from '../../src/data/load-idx-dataset.js';
import type { Dataset } from '../../src/data/api.js';
import { resolveSearchConfig, runSearch, type SearchRequest } from '../../src/search/index.js';
import type { StepMetrics } from '../../src/search/api.js';
import { canonicalString, parseGenotype, validateGenotype } from '../../src/space/index.js';
import { fetchIdxDataset } from '../../src/web/fetch-dataset.js';
import { runSearchSteps } from '../../src/web/search-steps.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { serveDirectory } from '../../scripts/build-browser-headless.js';

/** A tiny NB201 search: 64 images, batch 4 (8 steps an epoch). */
const TINY: SearchRequest = { strategy: 'darts', space: 'nb201', channels: 2, layers: 1, batchSize: 4, trainLimit: 64, epochs: 1, seed: 7 };

let data: Dataset;
let root: string;

beforeAll(async () => {
  data = await loadIdxDataset('fashion-mnist', embeddedFashionSubsetDir()!, 'train');
  root = mkdtempSync(join(tmpdir(), 'nas-steps-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("runSearchSteps (the page's search, without files)", () => {
  it('takes the same first step as nas search on the same config, and repeats itself', async () => {
    let first: StepMetrics | null = null;
    await runSearch(resolveSearchConfig({ ...TINY, dataDir: 'embedded' }), {
      out: join(root, 'run'),
      onStep: (p) => {
        first ??= p.metrics;
      },
      shouldStop: () => first !== null,
    });
    const a = await runSearchSteps(data, TINY, { steps: 2 });
    const b = await runSearchSteps(data, TINY, { steps: 2 });
    expect(first).not.toBeNull();
    expect(a.steps[0]!.trainLoss).toBe(first!.trainLoss);
    expect(a.steps[0]!.valLoss).toBe(first!.valLoss);
    expect(b.steps.map((s) => [s.trainLoss, s.valLoss])).toEqual(a.steps.map((s) => [s.trainLoss, s.valLoss]));
    expect(b.archWeights).toEqual(a.archWeights);
    // The settled config is the CLI's, with the data's image channels and classes in the skeleton.
    const cli = resolveSearchConfig(TINY);
    expect(a.config).toEqual({ ...cli, skeleton: { ...cli.skeleton, inputChannels: 1, classes: 10 } });
    expect(a.backend).toBe('wasm');
  });

  it('derives a valid genotype and reports softmaxed architecture weights (DARTS and SPOS)', async () => {
    for (const request of [TINY, { ...TINY, strategy: 'spos', candidates: 2, deriveBatches: 1 }]) {
      const result = await runSearchSteps(data, request, { steps: 2 });
      const space = spaceByName('nb201');
      expect(() => validateGenotype(space, result.genotype)).not.toThrow();
      expect(canonicalString(parseGenotype(space, result.canonical))).toBe(canonicalString(result.genotype));
      for (const s of result.steps) expect(Number.isFinite(s.trainLoss)).toBe(true);
      const rows = Object.values(result.archWeights).flat();
      expect(rows.length).toBe(6);
      for (const row of rows) expect(row.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    }
  });

  it('refuses what needs files, and bad settings, in one line', async () => {
    await expectNasError(() => runSearchSteps(data, { ...TINY, dataFromTable: 'x.json' }, { steps: 1 }), '--data-from-table x.json');
    await expectNasError(() => runSearchSteps(data, { ...TINY, bogus: 1 }, { steps: 1 }), "unknown setting 'bogus'");
    await expectNasError(() => runSearchSteps(data, TINY, { steps: Number('x') }), 'steps must be a positive integer, got NaN');
    await expectNasError(() => runSearchSteps(data, { ...TINY, channels: 0 }, { steps: 1 }), '--channels must be a positive integer');
  });
});

describe('fetchIdxDataset (IDX over http)', () => {
  it('reads the shipped subset as the Node loader does, and names what is missing or corrupt', async () => {
    const dir = embeddedFashionSubsetDir()!;
    const { url, server } = await serveDirectory(dir);
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'train-images-idx3-ubyte.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    const badServer = await serveDirectory(bad);
    try {
      const fetched = await fetchIdxDataset(url, 'test');
      const loaded = await loadIdxDataset('fashion-mnist', dir, 'test');
      expect(fetched.count).toBe(loaded.count);
      expect(Buffer.from(fetched.images).equals(Buffer.from(loaded.images))).toBe(true);
      expect(Buffer.from(fetched.labels).equals(Buffer.from(loaded.labels))).toBe(true);
      await expectNasError(() => fetchIdxDataset(`${url}/nowhere`, 'train'), `${url}/nowhere/train-images-idx3-ubyte.gz or`, 'not found');
      await expectNasError(() => fetchIdxDataset(badServer.url, 'train'), 'train-images-idx3-ubyte.gz: corrupt gzip data');
    } finally {
      server.close();
      badServer.server.close();
    }
  });
});
