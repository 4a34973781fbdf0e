import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/leak-guard.ts'],
    // Each test file gets its own process: the tfjs backend is process-global.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
