// Runs a bundled entry point (dist/lambda/<name>.mjs) as Lambda does: a
// fresh process, configured by environment variables only, that imports the
// bundle and calls `handler(event)` once. Prints the handler's summary log,
// its result, and the process's peak RSS (VmHWM, which exec resets).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Invocation {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function invokeBundle(
  name: 's3' | 'firehose' | 'cloudwatch',
  environment: Record<string, string>,
  event: unknown = {},
): Promise<Invocation> {
  const bundle = new URL(`../../dist/lambda/${name}.mjs`, import.meta.url).href;
  const script = join(mkdtempSync(join(tmpdir(), 'flowecs-lambda-')), 'invoke.mjs');
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs';
const { handler } = await import(${JSON.stringify(bundle)});
const result = await handler(JSON.parse(process.argv[2]));
const peak = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(JSON.stringify(result) + '\\n' + JSON.stringify({ peakRssBytes: peak === null ? undefined : Number(peak[1]) * 1024 }) + '\\n');`,
  );
  return run(process.execPath, [script, JSON.stringify(event)], {
    env: { PATH: process.env['PATH'], ...environment },
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Invocation) => error,
  );
}

/** The environment of an entry point that reaches the test's s3rver. */
export function s3Environment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
  };
}
