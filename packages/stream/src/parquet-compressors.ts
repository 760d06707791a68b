import { compressors } from 'hyparquet-compressors';

/** A page that claims to inflate past this is refused before it is decompressed. */
export const MAX_PARQUET_PAGE = 256 * 1024 * 1024;

/** hyparquet-compressors, each refusing a page whose header claims more than MAX_PARQUET_PAGE bytes. */
export const guardedCompressors = Object.fromEntries(
  Object.entries(compressors).map(([codec, decompress]) => [
    codec,
    (input: Uint8Array, outputLength: number) => {
      if (outputLength > MAX_PARQUET_PAGE) throw new Error(`a ${codec} page claims ${outputLength} bytes`);
      return decompress(input, outputLength);
    },
  ]),
);
