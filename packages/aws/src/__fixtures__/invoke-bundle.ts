// Runs a bundled entry point (dist/lambda/<name>.mjs) as Lambda does, in a
// fresh process (bench/lambda-invoke.mjs): its log lines, its result and its
// peak RSS, a JSON line each.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { s3rverEnvironment } from '../../../../bench/s3rver-client.mjs';

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
  /** The time Lambda's context says is left; no context without it. */
  remainingMs?: number,
): Promise<Invocation> {
  const script = new URL('../../../../bench/lambda-invoke.mjs', import.meta.url).pathname;
  const context = remainingMs === undefined ? [] : [String(remainingMs)];
  return run(process.execPath, [script, name, JSON.stringify(event), ...context], {
    env: { PATH: process.env['PATH'], ...environment },
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Invocation) => error,
  );
}

/** The environment of an entry point that reaches the test's s3rver. */
export const s3Environment = s3rverEnvironment;
