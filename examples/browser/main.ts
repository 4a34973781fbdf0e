/**
 * The browser example: a few steps of a supernet search on WebGPU, on the
 * Fashion-MNIST subset the package ships (copied beside the page by
 * `npm run build:browser`). Every `nas search` setting is a query parameter
 * (`?strategy=spos&channels=8`), settled and checked as the CLI does; a bad
 * one is shown as the CLI's one-line error. The outcome is also left in
 * `window.__nasResult` for test/browser/page.test.ts.
 */
import * as tfWebGpu from '@tensorflow/tfjs-backend-webgpu';
import { type SearchRequest, fetchIdxDataset, initBrowserWebGpu, runSearchSteps } from '../../src/browser.js';

/** The page's defaults: a tiny NB201 supernet, so a few steps finish on a software adapter too. */
const DEFAULTS: SearchRequest = {
  strategy: 'darts',
  space: 'nb201',
  channels: 4,
  layers: 1,
  batchSize: 16,
  trainLimit: 200,
  epochs: 1,
  seed: 0,
};

function queryValue(value: string): string | number | boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** `?steps=` and the search settings under the names the CLI's config files use (`batch` and `images` as short forms). */
function pageRequest(params: URLSearchParams): { request: SearchRequest; steps: number } {
  const aliases: Record<string, string> = { batch: 'batchSize', images: 'trainLimit' };
  const given = Object.fromEntries(
    [...params].filter(([key]) => key !== 'steps').map(([key, value]) => [aliases[key] ?? key, queryValue(value)]),
  );
  return { request: { ...DEFAULTS, ...given }, steps: Number(params.get('steps') ?? 3) };
}

const show = (id: string, text: string) => {
  const element = document.getElementById(id);
  if (element) element.textContent = text;
};

function addStepRow(cells: readonly (string | number | undefined)[]): void {
  const row = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    td.textContent = cell === undefined ? '' : typeof cell === 'number' ? cell.toFixed(4) : cell;
    row.append(td);
  }
  document.querySelector('#steps tbody')?.append(row);
}

async function main(): Promise<void> {
  const { request, steps } = pageRequest(new URLSearchParams(location.search));
  show('status', 'opening WebGPU');
  const engine = await initBrowserWebGpu(tfWebGpu);
  const { backend, adapter, software, toolkitKernels } = engine;
  show('engine', JSON.stringify({ backend, adapter, software, toolkitKernels }, null, 2));
  show('status', 'loading the Fashion-MNIST subset');
  const data = await fetchIdxDataset('data', 'train');
  show('status', `searching: ${steps} steps`);
  const result = await runSearchSteps(data, request, {
    steps,
    onStep: (s, i) => addStepRow([String(i + 1), s.trainLoss, s.trainAcc, s.valLoss, s.valAcc, s.ms]),
  });
  show('alphas', JSON.stringify(result.archWeights, null, 1));
  show('genotype', `${result.canonical}\n\n${JSON.stringify(result.genotype, null, 2)}`);
  show('status', `done: ${steps} steps on ${result.backend} (${engine.adapter})`);
  const webgpu = {
    adapter: engine.adapter,
    software: engine.software,
    maxStorageBuffersPerShaderStage: engine.maxStorageBuffersPerShaderStage,
    toolkitKernels: engine.toolkitKernels,
  };
  Object.assign(window, { __nasResult: { ok: true, ...result, webgpu, deviceErrors: [...engine.guard.seen] } });
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  show('status', `error: ${message}`);
  document.getElementById('status')?.classList.add('error');
  Object.assign(window, { __nasResult: { ok: false, error: message } });
});
