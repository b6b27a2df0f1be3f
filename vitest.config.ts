import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Bounded, generously: the suites share a 2-core machine with other heavy jobs, and
    // a ts-morph test that takes 3 s alone took 6 s beside the package and bundler suites.
    testTimeout: 30_000,
  },
});
