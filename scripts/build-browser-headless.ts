/**
 * Build the browser example and run it in headless Chromium (Debian's
 * `chromium`, driven by playwright-core; no browser is downloaded):
 *
 *   npx tsx scripts/build-browser-headless.ts                       # the page's defaults
 *   npx tsx scripts/build-browser-headless.ts 'steps=2&channels=2&batchSize=4'
 *
 * It serves examples/browser/dist on 127.0.0.1 (WebGPU needs a secure
 * context, and the page fetches its data over http), starts Chromium with
 * WebGPU on (a machine without a GPU gets SwiftShader, a CPU adapter), and
 * prints what the page shows: the adapter, each step's losses and time, the
 * derived genotype. test/browser/page.test.ts runs the page through the same
 * functions.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SearchStepsResult } from '../src/web/search-steps.js';
import { buildBrowser } from './build-browser.js';

/** Debian's Chromium. */
export const CHROMIUM = '/usr/bin/chromium';
/** Headless Chromium offers WebGPU (on SwiftShader where there is no GPU) only with these. */
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'];

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.md': 'text/markdown' };

/** A static file server on 127.0.0.1 at a free port. */
export async function serveDirectory(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
    const file = join(root, path.endsWith('/') ? join(path, 'index.html') : path);
    readFile(file).then(
      (bytes) => {
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        response.end(bytes);
      },
      () => {
        response.writeHead(404);
        response.end();
      },
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, server };
}

/** What examples/browser/main.ts leaves in `window.__nasResult`. */
export type PageResult =
  | ({
      readonly ok: true;
      readonly webgpu: { adapter: string; software: boolean; toolkitKernels: string[] };
      readonly deviceErrors: string[];
    } & SearchStepsResult)
  | { readonly ok: false; readonly error: string };

/** The page's outcome: its result and the console errors it logged, or why Chromium offers no WebGPU adapter. */
export type PageOutcome =
  | { readonly kind: 'ran'; readonly page: PageResult; readonly consoleErrors: readonly string[] }
  | { readonly kind: 'no-adapter'; readonly reason: string };

/** Open the built page in `dir` with `query` in headless Chromium and wait (up to `timeoutMs`) for its result. */
export async function runPageHeadless(dir: string, query: URLSearchParams, timeoutMs = 300_000): Promise<PageOutcome> {
  const { url, server } = await serveDirectory(dir);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: WEBGPU_FLAGS });
  try {
    // A page of the same origin (a secure context: navigator.gpu exists) asks for an adapter first.
    const probe = await browser.newPage();
    await probe.goto(`${url}/data/README.md`);
    const missing = await probe.evaluate(async () => {
      const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
      if (gpu === undefined) return 'navigator.gpu is undefined';
      return (await gpu.requestAdapter()) === null ? 'navigator.gpu.requestAdapter() gives null' : null;
    });
    await probe.close();
    if (missing !== null) return { kind: 'no-adapter', reason: missing };
    const tab = await browser.newPage();
    const consoleErrors: string[] = [];
    tab.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    tab.on('pageerror', (e) => consoleErrors.push(e.message));
    await tab.goto(`${url}/index.html?${query}`);
    await tab.waitForFunction(() => '__nasResult' in globalThis, null, { timeout: timeoutMs });
    const page = (await tab.evaluate(() => (globalThis as { __nasResult?: unknown }).__nasResult)) as PageResult;
    return { kind: 'ran', page, consoleErrors };
  } finally {
    await browser.close();
    server.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent (apt-get install chromium)`);
  const built = await buildBrowser();
  const outcome = await runPageHeadless(built.out, new URLSearchParams(process.argv[2] ?? ''));
  if (outcome.kind === 'no-adapter') throw new Error(`Chromium offers no WebGPU adapter here: ${outcome.reason}`);
  const { page, consoleErrors } = outcome;
  for (const line of consoleErrors) console.log(`console error: ${line}`);
  if (!page.ok) throw new Error(`the page failed: ${page.error}`);
  const { skeleton } = page.config;
  console.log(`${page.backend} on ${page.webgpu.adapter}${page.webgpu.software ? ' (software: timings say nothing about a GPU)' : ''}`);
  console.log(`${page.config.strategy} on ${page.config.space}, skeleton ${JSON.stringify(skeleton)}, batch ${page.config.batchSize}`);
  page.steps.forEach((s, i) => {
    console.log(`step ${i + 1}: train loss ${s.trainLoss.toFixed(4)}, val loss ${s.valLoss?.toFixed(4) ?? '-'}, ${Math.round(s.ms)} ms`);
  });
  console.log(`genotype ${page.canonical}; device errors: ${page.deviceErrors.length}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`build-browser-headless: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    process.exitCode = 1;
  });
}
