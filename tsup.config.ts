import { defineConfig } from 'tsup';

export default defineConfig({
  // browser: the search path with no Node built-in (src/browser.ts), for bundlers targeting a browser ('tfjs-nas/browser').
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts', browser: 'src/browser.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: { index: 'src/index.ts', browser: 'src/browser.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
});
