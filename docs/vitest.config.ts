import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*.test.ts'],
    // tsc over the README examples takes seconds, more on a busy two-core machine.
    testTimeout: 120_000,
  },
});
