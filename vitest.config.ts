import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Generous: the permission matrices make hundreds of requests, and CI machines are shared.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
