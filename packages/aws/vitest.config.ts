import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The SDK line is pinned deliberately (bundled for the Node.js 22 runtime):
    // its Node.js 20 support warning would repeat in every test process.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    include: ['src/**/*.test.ts'],
    // Property tests generate wide records; CI machines have two cores.
    testTimeout: 60_000,
  },
});
