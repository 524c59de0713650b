import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start servers on loopback; two workers match the 2-core CI machine.
    maxWorkers: 2,
    pool: 'forks',
  },
});
