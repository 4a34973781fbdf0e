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
import { runSearchSteps } from '../../src/web/search-steps.js';
import { buildBrowser } from '../../scripts/build-browser.js';
import { CHROMIUM, runPageHeadless } from '../../scripts/build-browser-headless.js';

/** A tiny NB201 DARTS search: two steps took 18 s (pipelines compiled) and 5 s on SwiftShader beside a busy table build. */
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
 * order (2e-7 measured); a wrong kernel, or one that returns zeros, moves
 * the loss by far more.
 */
const LOSS_TOLERANCE = 1e-4;

const root = mkdtempSync(join(tmpdir(), 'nas-page-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const browser = existsSync(CHROMIUM);
if (!browser) console.warn(`browser page: skipping: ${CHROMIUM} is absent (apt-get install chromium)`);

describe('the browser example (examples/browser) in headless Chromium', () => {
  it.skipIf(!browser)(
    `runs DARTS steps on WebGPU whose first loss is the cpu backend's${browser ? '' : ` (SKIPPED: ${CHROMIUM} is absent)`}`,
    async (ctx) => {
      const { out } = await buildBrowser(join(root, 'dist'));
      const query = new URLSearchParams({
        ...Object.fromEntries(Object.entries(REQUEST).map(([k, v]) => [k, String(v)])),
        steps: String(STEPS),
      });
      const outcome = await runPageHeadless(out, query, 150_000);
      if (outcome.kind === 'no-adapter') return ctx.skip(`Chromium gets no WebGPU adapter here (${outcome.reason})`);
      const { page, consoleErrors } = outcome;
      if (!page.ok) throw new Error(`the page failed: ${page.error}`);
      expect(consoleErrors).toEqual([]);
      expect(page.backend).toBe('webgpu');
      expect(page.deviceErrors).toEqual([]);
      // The toolkit's WGSL kernels are registered (a node's mixed-op sum among them), not only tfjs-webgpu's.
      expect(page.webgpu.toolkitKernels).toContain('TfjsNasWeightedSum');
      expect(page.steps).toHaveLength(STEPS);
      for (const s of page.steps) for (const v of [s.trainLoss, s.trainAcc, s.valLoss, s.valAcc]) expect(Number.isFinite(v)).toBe(true);
      const space = spaceByName('nb201');
      expect(() => validateGenotype(space, page.genotype)).not.toThrow();
      expect(canonicalString(parseGenotype(space, page.canonical))).toBe(page.canonical);
      for (const row of Object.values(page.archWeights).flat()) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

      // The same configuration, seed and batches in Node on the reference cpu backend.
      await initBackend('cpu');
      const data = await loadIdxDataset('fashion-mnist', embeddedFashionSubsetDir()!, 'train');
      const cpu = await runSearchSteps(data, REQUEST, { steps: STEPS });
      expect(page.config).toEqual(cpu.config);
      const pairs = page.steps.map(
        (s, i) => `train ${s.trainLoss} (cpu ${cpu.steps[i]!.trainLoss}), val ${s.valLoss} (cpu ${cpu.steps[i]!.valLoss})`,
      );
      console.info(
        `browser page: ${page.webgpu.adapter}: ${pairs.join('; ')}; steps ${page.steps.map((s) => Math.round(s.ms)).join(', ')} ms`,
      );
      // Step 1's val loss is the relaxed forward pass; its train loss follows the architecture update (alpha gradients on
      // WebGPU); step 2's losses follow the first weight update (every weight gradient, momentum SGD on WebGPU).
      page.steps.forEach((s, i) => {
        const ref = cpu.steps[i]!;
        expect(Math.abs(s.valLoss! - ref.valLoss!), `step ${i + 1} val loss`).toBeLessThan(LOSS_TOLERANCE);
        expect(Math.abs(s.trainLoss - ref.trainLoss), `step ${i + 1} train loss`).toBeLessThan(LOSS_TOLERANCE);
        expect(s.trainAcc, `step ${i + 1} train accuracy`).toBe(ref.trainAcc);
      });
      for (const [group, rows] of Object.entries(cpu.archWeights))
        rows.forEach((row, r) =>
          row.forEach((w, o) => expect(Math.abs(page.archWeights[group]![r]![o]! - w)).toBeLessThan(LOSS_TOLERANCE)),
        );
    },
    240_000,
  );

  it.skipIf(!browser)(
    `shows a bad setting as the CLI's one-line error${browser ? '' : ` (SKIPPED: ${CHROMIUM} is absent)`}`,
    async (ctx) => {
      const out = join(root, 'dist');
      if (!existsSync(join(out, 'main.js'))) await buildBrowser(out);
      const outcome = await runPageHeadless(out, new URLSearchParams({ strategy: 'darts', weightLr: '-1' }), 60_000);
      if (outcome.kind === 'no-adapter') return ctx.skip(`Chromium gets no WebGPU adapter here (${outcome.reason})`);
      expect(outcome.page).toEqual({ ok: false, error: expect.stringContaining('--weight-lr') });
      expect(outcome.consoleErrors).toEqual([]);
    },
  );
});
