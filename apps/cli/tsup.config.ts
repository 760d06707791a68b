import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker is its own entry: `--jobs` starts it by file name.
  entry: ['src/cli.ts', 'src/convert-worker.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
});
