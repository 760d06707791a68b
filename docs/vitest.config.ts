import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The SDK line is pinned deliberately (bundled for the Node.js 22 runtime):
    // its Node.js 20 support warning would repeat in every test process.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    include: ['*.test.ts'],
    // tsc over the README examples takes seconds, more on a busy two-core machine.
    testTimeout: 120_000,
  },
});
