import { defineConfig } from 'tsup';
import { baseOptions } from '../../tsup.base';

// The worker is its own entry: `--jobs` starts it by file name.
export default defineConfig({ ...baseOptions, entry: ['src/cli.ts', 'src/block-worker.ts'] });
