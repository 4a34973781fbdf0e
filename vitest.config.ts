import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/leak-guard.ts'],
    // Each test file gets its own process: the tfjs backend is process-global.
    pool: 'forks',
    // One wasm thread per test process: vitest runs several forks at once on
    // bigger machines, and XNNPACK's spinning pool threads slow down ~6x when
    // their cores are busy (test/cli/processes.test.ts starts two threads itself).
    env: { NAS_THREADS: '1' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
