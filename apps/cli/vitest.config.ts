import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // End-to-end tests spawn the built binary; CI machines have two cores.
    testTimeout: 60_000,
  },
});
