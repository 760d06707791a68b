// s3rver in a process of its own (s3-server-process.mjs), so that the
// harness's CPU time is the handlers' alone, with the buckets made and a
// client for it: the load run and the dead-letter run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { s3rverClientConfig } from './s3rver-client.mjs';

// The SDK line is pinned deliberately: no Node.js 20 support warning in each instance.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const require = createRequire(new URL('../packages/aws/package.json', import.meta.url));
/** The AWS SDK's S3 client, as @flowecs/aws resolves it. */
export const sdk = await import(require.resolve('@aws-sdk/client-s3'));

/** Starts s3rver with these buckets: `{ s3, endpoint, stop() }`. */
export async function startS3rver(buckets) {
  const server = spawn(process.execPath, [new URL('./s3-server-process.mjs', import.meta.url).pathname], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [port] = await once(server.stdout, 'data');
  const endpoint = `http://127.0.0.1:${String(port).trim()}`;
  const s3 = new sdk.S3Client(s3rverClientConfig(endpoint));
  for (const Bucket of buckets) await s3.send(new sdk.CreateBucketCommand({ Bucket }));
  return {
    s3,
    endpoint,
    async stop() {
      server.stdin.end();
      await once(server, 'exit');
    },
  };
}
