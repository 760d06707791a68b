import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FlowLogParseError } from '@flowecs/parser';
import { afterAll } from 'vitest';
import { createFlowLogStream, type FlowLogStreamOptions } from '../create-flow-log-stream';
import { openFlowLogFile, type FlowLogInputError, type FlowLogInputFormat } from '../open-flow-log-file';

// Helpers of the delivery tests (deliveries.test.ts, deliveries.faults.test.ts).
export const directory = mkdtempSync(join(tmpdir(), 'flowecs-deliveries-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

export const V2_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
export const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
export const examples: { name: string; format: string | null; lines: string[] }[] = JSON.parse(
  readFileSync(new URL('./aws-docs-examples.json', import.meta.url), 'utf8'),
).cases;

export function file(name: string, content: string | Uint8Array): string {
  const path = join(directory, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

export async function convert(path: string, options: FlowLogStreamOptions & { inputFormat?: FlowLogInputFormat } = {}) {
  const flows = createFlowLogStream({ output: 'ndjson', source: path, ...options });
  const invalid: FlowLogParseError[] = [];
  flows.on('invalid', error => invalid.push(error));
  let ndjson = '';
  const failure = await pipeline(
    openFlowLogFile(path, { inputFormat: options.inputFormat }),
    flows,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        ndjson += chunk.toString();
        callback();
      },
    }),
  ).then(
    () => undefined,
    (error: unknown) => error as FlowLogInputError,
  );
  return {
    ndjson,
    events: ndjson
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line) as Record<string, any>),
    stats: flows.stats(),
    invalid,
    failure,
  };
}

/** A CloudWatch Logs subscription envelope of these records, as AWS shapes it. */
export function envelope(
  records: readonly string[],
  options: { group?: string; stream?: string; control?: boolean } = {},
): string {
  return JSON.stringify({
    messageType: options.control === true ? 'CONTROL_MESSAGE' : 'DATA_MESSAGE',
    owner: options.control === true ? 'CloudwatchLogs' : '123456789010',
    logGroup: options.control === true ? '' : (options.group ?? '/aws/vpc/flowlogs'),
    logStream: options.control === true ? '' : (options.stream ?? 'eni-1235b8ca123456789'),
    subscriptionFilters: options.control === true ? [] : ['flowecs'],
    logEvents: records.map((message, index) => ({
      id: `3${String(index).padStart(55, '0')}`,
      timestamp: Number(message.split(' ')[10] ?? 1418530010) * 1000,
      message,
    })),
  });
}
