import { createRequire } from 'node:module';
import { defineConfig } from 'tsup';
import { baseOptions } from '../../tsup.base';

const stream = createRequire(import.meta.url)
  .resolve('@flowecs/stream/package.json')
  .replace(/package\.json$/, '');

// Single-file Lambda bundles: everything inlined (the AWS SDK too, pinned),
// for the Node.js 22 runtime; `require` for the SDK's CommonJS parts.
const lambda = {
  format: ['esm'],
  platform: 'node',
  target: 'node22',
  noExternal: [/.*/],
  splitting: false,
  sourcemap: false,
  dts: false,
  clean: false,
  banner: {
    js: "import { createRequire as __flowecsRequire } from 'node:module'; const require = __flowecsRequire(import.meta.url);",
  },
} as const;

export default defineConfig([
  { ...baseOptions, clean: false },
  {
    ...lambda,
    entry: {
      'lambda/s3': 'src/lambda/s3.ts',
      'lambda/firehose': 'src/lambda/firehose.ts',
      'lambda/cloudwatch': 'src/lambda/cloudwatch.ts',
    },
    outExtension: () => ({ js: '.mjs' }),
  },
  // The Parquet decoder's worker thread, found beside the bundle that starts it.
  { ...lambda, entry: { 'lambda/decode-parquet-worker': `${stream}dist/decode-parquet-worker.js` } },
]);
