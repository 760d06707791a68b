import { defineConfig } from 'tsup';
import { baseOptions } from '../../tsup.base';

// The main entry holds what users call; the subpaths hold what only the other
// flowecs packages use (package.json `exports`).
export default defineConfig({
  ...baseOptions,
  entry: ['src/index.ts', 'src/ndjson.ts', 'src/framing.ts', 'src/parquet.ts'],
});
