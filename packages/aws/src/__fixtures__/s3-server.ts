// A real S3-protocol server (s3rver) on 127.0.0.1 with a temporary
// directory, driven by the real @aws-sdk/client-s3: no S3 mocks.
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import S3rver from 's3rver';
import { diverseRecords } from './records';
import { s3rverClientConfig } from '../../../../bench/s3rver-client.mjs';

export interface TestS3 {
  readonly s3: S3Client;
  readonly endpoint: string;
  put(bucket: string, key: string, body: Uint8Array | string): Promise<void>;
  /** The object's bytes, or undefined if there is none. */
  get(bucket: string, key: string): Promise<Buffer | undefined>;
  keys(bucket: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Client settings for s3rver (shared with the bench's load run). */
export const testClientConfig = s3rverClientConfig;

export async function startS3(buckets: readonly string[]): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'flowecs-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const s3 = new S3Client(testClientConfig(endpoint));
  for (const bucket of buckets) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    s3,
    endpoint,
    async put(bucket, key, body) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async get(bucket, key) {
      try {
        const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from(await response.Body!.transformToByteArray());
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async keys(bucket) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listed.Contents ?? []).map(object => object.Key!).toSorted();
    },
    async close() {
      s3.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** An S3 operation a client sent: its command's name and input, and the upload id it named or got. */
export interface SentCommand {
  readonly command: string;
  readonly input: Record<string, unknown>;
  uploadId?: string | undefined;
}

/** Records every operation the client sends (before it is sent, so failed ones too). */
export function recordCommands(client: S3Client): SentCommand[] {
  const sent: SentCommand[] = [];
  client.middlewareStack.add(
    (next, context) => args => {
      const input = args.input as Record<string, unknown>;
      const entry: SentCommand = {
        command: context.commandName ?? '',
        input,
        uploadId: typeof input['UploadId'] === 'string' ? input['UploadId'] : undefined,
      };
      sent.push(entry);
      return next(args).then(output => {
        entry.uploadId ??= (output.output as { UploadId?: string }).UploadId;
        return output;
      });
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return sent;
}

/**
 * Streams a gzip object of `lines` records of the bench's diverse mix (a
 * multiple of 100,000: one block, generated once and repeated) to `key`.
 */
export async function putDiverseObject(s3: S3Client, bucket: string, key: string, lines: number): Promise<void> {
  const block = `${diverseRecords(100_000).join('\n')}\n`;
  const blocks = Array.from({ length: Math.ceil(lines / 100_000) }, () => block);
  await new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: Readable.from(blocks).pipe(createGzip({ level: 1 })) },
  }).done();
}
