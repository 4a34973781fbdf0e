import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { initBackend } from '../../src/backend/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/registry.js';
import { loadIdxDataset } from '../../src/data/load-idx-dataset.js';
import type { SearchRequest } from '../../src/search/index.js';
import { canonicalString, parseGenotype, validateGenotype } from '../../src/space/index.js';
import { runSearchSteps, type SearchStepsResult } from '../../src/web/search-steps.js';
import { buildBrowser } from '../../scripts/build-browser.js';
import { serveDirectory } from './static-server.js';

const CHROMIUM = '/usr/bin/chromium';
/** Headless Chromium offers WebGPU on SwiftShader (a CPU adapter) only with these. */
const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'];
/** A tiny NB201 DARTS search: two steps take ~25 s on SwiftShader on two busy cores. */
const REQUEST: SearchRequest = {
  strategy: 'darts',
  space: 'nb201',
  channels: 2,
  layers: 1,
  batchSize: 4,
  trainLimit: 64,
  epochs: 1,
  seed: 7,
};
const STEPS = 2;
/**
 * The same float32 step on WebGPU and on cpu differs only by summation
 * order; a kernel that is wrong (or trains on zeros) moves the loss by far
 * more than this.
 */
const LOSS_TOLERANCE = 1e-4;

type PageResult =
  | ({ ok: true; webgpu: { adapter: string; software: boolean }; deviceErrors: string[] } & SearchStepsResult)
  | { ok: false; error: string };

const root = mkdtempSync(join(tmpdir(), 'nas-page-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const browser = existsSync(CHROMIUM);
if (!browser) console.warn(`browser page: skipping: ${CHROMIUM} is absent (apt-get install chromium)`);

describe('the browser example (examples/browser) in headless Chromium', () => {
  it.skipIf(!browser)(
    `runs DARTS steps on WebGPU whose first loss is the cpu backend's${browser ? '' : ` (SKIPPED: ${CHROMIUM} is absent)`}`,
    async (ctx) => {
      const { out } = await buildBrowser(join(root, 'dist'));
      const { url, server } = await serveDirectory(out);
      const { chromium } = await import('playwright-core');
      const instance = await chromium.launch({ executablePath: CHROMIUM, args: WEBGPU_FLAGS });
      let page: PageResult;
      const errors: string[] = [];
      try {
        // A page of the same origin (a secure context: navigator.gpu exists) asks for an adapter first.
        const probe = await instance.newPage();
        await probe.goto(`${url}/data/README.md`);
        const adapter = await probe.evaluate(async () => {
          const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
          return gpu === undefined ? 'navigator.gpu is undefined' : (await gpu.requestAdapter()) === null ? 'no adapter' : null;
        });
        await probe.close();
        if (adapter !== null) ctx.skip(`Chromium gets no WebGPU adapter here (${adapter})`);
        const tab = await instance.newPage();
        tab.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        tab.on('pageerror', (e) => errors.push(e.message));
        const query = new URLSearchParams({
          ...Object.fromEntries(Object.entries(REQUEST).map(([k, v]) => [k, String(v)])),
          steps: String(STEPS),
        });
        await tab.goto(`${url}/index.html?${query}`);
        await tab.waitForFunction(() => '__nasResult' in globalThis, null, { timeout: 150_000 });
        page = (await tab.evaluate(() => (globalThis as { __nasResult?: unknown }).__nasResult)) as PageResult;
      } finally {
        await instance.close();
        server.close();
      }
      if (!page.ok) throw new Error(`the page failed: ${page.error}`);
      expect(errors).toEqual([]);
      expect(page.backend).toBe('webgpu');
      expect(page.deviceErrors).toEqual([]);
      expect(page.steps).toHaveLength(STEPS);
      for (const s of page.steps) for (const v of [s.trainLoss, s.trainAcc, s.valLoss, s.valAcc]) expect(Number.isFinite(v)).toBe(true);
      const space = spaceByName('nb201');
      expect(() => validateGenotype(space, page.genotype)).not.toThrow();
      expect(canonicalString(parseGenotype(space, page.canonical))).toBe(page.canonical);
      for (const row of Object.values(page.archWeights).flat()) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

      // The same configuration, seed and batches in Node on the reference cpu backend.
      await initBackend('cpu');
      const data = await loadIdxDataset('fashion-mnist', embeddedFashionSubsetDir()!, 'train');
      const cpu = await runSearchSteps(data, REQUEST, { steps: 1 });
      expect(page.config).toEqual(cpu.config);
      const [gpuStep, cpuStep] = [page.steps[0]!, cpu.steps[0]!];
      console.info(
        `browser page: ${page.webgpu.adapter}: first step train loss ${gpuStep.trainLoss} (cpu ${cpuStep.trainLoss}), val loss ${gpuStep.valLoss} (cpu ${cpuStep.valLoss}); steps ${page.steps.map((s) => Math.round(s.ms)).join(', ')} ms`,
      );
      expect(Math.abs(gpuStep.valLoss! - cpuStep.valLoss!)).toBeLessThan(LOSS_TOLERANCE);
      expect(Math.abs(gpuStep.trainLoss - cpuStep.trainLoss)).toBeLessThan(LOSS_TOLERANCE);
      expect(gpuStep.trainAcc).toBe(cpuStep.trainAcc);
    },
    240_000,
  );
});
