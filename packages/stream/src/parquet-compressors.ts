import { gunzipSync } from 'node:zlib';
import { compressors } from 'hyparquet-compressors';

/** A page that claims to inflate past this is refused before it is decompressed. */
export const MAX_PARQUET_PAGE = 256 * 1024 * 1024;

/**
 * hyparquet-compressors, each refusing a page whose header claims more than
 * MAX_PARQUET_PAGE bytes; GZIP (what AWS writes) by Node's zlib, which
 * inflates about twice as fast as the pure-JS inflater and stops at the
 * claimed size.
 */
export const guardedCompressors = Object.fromEntries(
  Object.entries({
    ...compressors,
    GZIP: (input: Uint8Array, outputLength: number): Uint8Array =>
      gunzipSync(input, { maxOutputLength: Math.max(outputLength, 1) }),
  }).map(([codec, decompress]) => [
    codec,
    (input: Uint8Array, outputLength: number) => {
      if (outputLength > MAX_PARQUET_PAGE) throw new Error(`a ${codec} page claims ${outputLength} bytes`);
      return decompress(input, outputLength);
    },
  ]),
);
