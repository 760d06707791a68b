import type { Options } from 'tsup';

/** Every package builds the same way: ESM, declarations, source maps. */
export const baseOptions: Options = {
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
};
