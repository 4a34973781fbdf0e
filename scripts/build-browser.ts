/**
 * `npm run build:browser`: bundle the browser example (examples/browser/main.ts,
 * the toolkit through src/browser.ts, tfjs and tfjs's WebGPU backend) into
 * one ES module for the browser, and lay out the page beside it:
 *
 *   examples/browser/dist/index.html   the page
 *   examples/browser/dist/main.js      the bundle
 *   examples/browser/dist/data/        the Fashion-MNIST subset the package ships (gzipped IDX, and its licence)
 *
 * Serve the folder over http (WebGPU needs a secure context: localhost or
 * https), e.g. `npx http-server examples/browser/dist` or any static server,
 * and open index.html. The folder is replaced whole, so a failed build never
 * leaves half a page (dist/ is git-ignored).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PAGE = join(ROOT, 'examples', 'browser');
const DATA = join(ROOT, 'data', 'fashion-mnist-subset');

/** Where the page is built by default. */
export const BROWSER_DIST = join(PAGE, 'dist');

export interface BrowserBuild {
  readonly out: string;
  /** Size of main.js in bytes. */
  readonly bundleBytes: number;
  /** Files of the bundle's inputs that esbuild read (for checks). */
  readonly inputs: readonly string[];
}

/** Build the page into `out` (default examples/browser/dist), replacing what was there. */
export async function buildBrowser(out: string = BROWSER_DIST): Promise<BrowserBuild> {
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'data'), { recursive: true });
  try {
    const result = await build({
      entryPoints: [join(PAGE, 'main.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      minify: true,
      legalComments: 'eof',
      outfile: join(tmp, 'main.js'),
      metafile: true,
      logLevel: 'silent',
    });
    cpSync(join(PAGE, 'index.html'), join(tmp, 'index.html'));
    for (const file of readdirSync(DATA).filter((f) => f.endsWith('.gz') || f === 'README.md')) {
      cpSync(join(DATA, file), join(tmp, 'data', file));
    }
    const old = `${out}.old-${process.pid}`;
    if (existsSync(out)) renameSync(out, old);
    renameSync(tmp, out);
    rmSync(old, { recursive: true, force: true });
    return { out, bundleBytes: statSync(join(out, 'main.js')).size, inputs: Object.keys(result.metafile.inputs) };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildBrowser(process.argv[2] === undefined ? BROWSER_DIST : resolve(process.argv[2]))
    .then((b) => console.log(`build:browser: ${b.out} (main.js ${(b.bundleBytes / 2 ** 20).toFixed(1)} MiB, ${b.inputs.length} inputs)`))
    .catch((error: unknown) => {
      console.error(`build:browser: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      process.exitCode = 1;
    });
}
