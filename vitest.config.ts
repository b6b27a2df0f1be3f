import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // A guard against a hang, not a measure: tests that spawn tsc, node or a server take seconds on a busy 2-core machine.
    testTimeout: 30_000,
  },
});
