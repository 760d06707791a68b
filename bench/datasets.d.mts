// Types for the tests that reuse the bench's datasets (datasets.mjs).
export declare const V2_HEADER: string;
export declare const V5_HEADER: string;
/** Record generators by mix: `count` records, v2 or (with `v5`) v5. */
export declare const mixes: {
  readonly friendly: (count: number, v5?: boolean) => Generator<string>;
  readonly diverse: (count: number, v5?: boolean) => Generator<string>;
};
export declare function writeDataset(
  path: string,
  mix: 'friendly' | 'diverse',
  count: number,
  v5?: boolean,
  /** Start with the header line (default); without it, the layout is guessed or given by --format. */
  header?: boolean,
): Promise<void>;
