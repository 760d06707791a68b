import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RandomAccessInput } from '@flowecs/stream';

/**
 * An S3 object read by ranges (for Parquet, which is read footer first),
 * pinned to the version first read: `IfMatch` on the ETag, so an object
 * overwritten meanwhile fails instead of mixing two versions.
 */
export function s3Ranges(
  s3: S3Client,
  bucket: string,
  key: string,
  byteLength: number,
  etag: string | undefined,
): RandomAccessInput {
  return {
    byteLength,
    async slice(start, end = byteLength) {
      if (end <= start) return new ArrayBuffer(0);
      const response = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end - 1}`, IfMatch: etag }),
      );
      const bytes = await response.Body!.transformToByteArray();
      if (bytes.length !== end - start)
        throw new Error(`s3://${bucket}/${key}: bytes ${start}–${end} gave ${bytes.length} bytes`);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    },
  };
}
