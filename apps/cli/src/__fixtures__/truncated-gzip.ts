import { gzipSync } from 'node:zlib';

/**
 * The first `fraction` of a gzip of `count` distinct version 2 records, with
 * no dictionary history: the cut falls in the middle of the records.
 */
export function truncatedGzip(count: number, fraction: number): Buffer {
  const records = Array.from(
    { length: count },
    (_, index) =>
      `2 123456789010 eni-1235b8ca123456789 172.31.${index % 256}.139 172.31.16.21 ${20_000 + index} 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n`,
  ).join('');
  const gzip = gzipSync(records, { level: 1 });
  return gzip.subarray(0, Math.floor(gzip.length * fraction));
}
