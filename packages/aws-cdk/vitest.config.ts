import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Property tests generate wide records; CI machines have two cores.
    testTimeout: 60_000,
  },
});
