import { defineConfig } from 'tsup';
import { baseOptions } from '../../tsup.base';

// The Parquet decoder runs on a worker thread: its own entry, beside index.js.
export default defineConfig({ ...baseOptions, entry: ['src/index.ts', 'src/decode-parquet-worker.ts'] });
