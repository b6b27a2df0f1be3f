import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // A guard against a hang, not a measure: tests that spawn tsc, node, a bundler or a server take seconds
    // on a busy 2-core machine (a ts-morph test that takes 3 s alone took 6 s beside the package and bundler suites).
    testTimeout: 30_000,
  },
});
