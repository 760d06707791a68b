import { createFlowLogStream, deadLetterLine, openFlowLogInput, type FlowLogStreamStats } from '@flowecs/stream';
import type { FlowLogOrigin } from '@flowecs/parser';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Conversion } from './handler-settings';

/** A payload converted in memory. */
export interface ConvertedPayload {
  /** The events, one JSON line each. */
  readonly ndjson: Buffer;
  /** The invalid lines as dead-letter lines (`deadLetterLine`), newline-terminated. */
  readonly invalid: string;
  readonly stats: FlowLogStreamStats;
  /** Why the payload could not be read to its end (not gzip it claims to be, a cut envelope, …). */
  readonly failure: string | undefined;
}

/**
 * Converts a payload that arrived whole (a Firehose record, a CloudWatch
 * Logs subscription event): the same detection and conversion as a file,
 * from memory.
 */
export async function convertPayload(
  bytes: Uint8Array,
  settings: Conversion & {
    readonly source: string;
    readonly origin?: FlowLogOrigin | undefined;
    readonly inputFormat?: 'auto' | 'cloudwatch';
  },
): Promise<ConvertedPayload> {
  const chunks: Buffer[] = [];
  let invalid = '';
  const flows = createFlowLogStream({
    format: settings.format,
    profile: settings.profile,
    filter: settings.filter,
    enrich: settings.enrich,
    output: 'ndjson',
    source: settings.source,
    origin: settings.origin,
    onInvalid: error => {
      invalid += `${deadLetterLine(error)}\n`;
    },
  });
  const input = openFlowLogInput(Readable.from([bytes]), {
    source: settings.source,
    inputFormat: settings.inputFormat,
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const failure = await pipeline(input, flows, sink).then(
    () => undefined,
    (error: unknown) => (error as Error).message,
  );
  return { ndjson: Buffer.concat(chunks), invalid, stats: flows.stats(), failure };
}
