import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Bundle `entry` for the browser in memory; esbuild reports every Node built-in it meets as an error. */
async function bundleForBrowser(entry: string) {
  return build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}

describe('the browser entry (src/browser.ts)', () => {
  it('bundles for the browser with no Node built-in on its path', async () => {
    const result = await bundleForBrowser('src/browser.ts');
    expect(result.errors).toEqual([]);
    const nodeImports = Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
      input.imports.filter((i) => i.path.startsWith('node:')).map((i) => `${file} -> ${i.path}`),
    );
    expect(nodeImports).toEqual([]);
    const ours = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
    // The search path is in it (DARTS, SPOS, the WebGPU opener and kernels), the Node-only parts are not.
    for (const file of [
      'src/search/darts/darts.ts',
      'src/search/samplers/spos.ts',
      'src/backend/webgpu-browser.ts',
      'src/kernels/webgpu/kernels.ts',
    ])
      expect(ours).toContain(file);
    for (const file of ['src/data/read-file.ts', 'src/search/run/run-search.ts', 'src/checkpoint/atomic-write.ts', 'src/backend/webgpu.ts'])
      expect(ours).not.toContain(file);
  });

  it('fails the same way on the Node entry, which reads files (the check can fail)', async () => {
    const failure = await bundleForBrowser('src/index.ts').then(
      () => null,
      (error: { errors?: { text: string }[] }) => error.errors ?? [],
    );
    expect(failure).not.toBeNull();
    expect(failure?.some((e) => /node:fs/.test(e.text))).toBe(true);
  });
});
