import { defineConfig } from 'vitest/config';

// Two projects: `unit` (*.unit.test.ts — pure functions, no build, no servers, seconds) and `integration`
// (everything else: the embedded local cloud on loopback, real Kafka clients, the built CLI).
// `npm test` builds and runs both; `npm run test:unit` runs the first alone.
// The timeouts catch a test that hangs; they are not a speed check (benchmarks are). An end-to-end test that runs
// the built CLI six times in a row took ~20 s alone and over 60 s beside another full suite on two cores.
const shared = { testTimeout: 180_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.unit.test.ts'], sequence: { groupOrder: 0 } } },
      {
        test: {
          ...shared,
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.unit.test.ts'],
          // Integration tests start servers on loopback; two workers match the 2-core CI machine.
          maxWorkers: 2,
          pool: 'forks',
        },
      },
    ],
  },
});
