import {
  createFlowLogStream,
  deadLetterLine,
  openFlowLogInput,
  type FlowLogRecords,
  type FlowLogStreamStats,
} from '@flowecs/stream';
import type { FlowLogOrigin, FlowLogParseError } from '@flowecs/parser';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Conversion } from './handler-settings';

/** A payload converted in memory. */
export interface ConvertedPayload {
  /** The events, one JSON line each. */
  readonly ndjson: Buffer;
  /** The invalid lines as dead-letter lines (`deadLetterLine`), newline-terminated. */
  readonly invalid: string;
  /** The first invalid line, if any. */
  readonly firstInvalid: FlowLogParseError | undefined;
  readonly stats: FlowLogStreamStats;
  /** Why the payload could not be read to its end (not gzip it claims to be, a cut envelope, …), or the signal's reason. */
  readonly failure: { readonly code: string; readonly message: string } | undefined;
}

/**
 * Converts a payload that arrived whole (a Firehose record, a CloudWatch
 * Logs subscription event): the same detection and conversion as a file,
 * from memory. Given records already decoded (`envelopeRecords`), it
 * converts them without reading them again.
 */
export async function convertPayload(
  payload: Uint8Array | FlowLogRecords,
  settings: Conversion & {
    readonly source: string;
    readonly origin?: FlowLogOrigin | undefined;
    /** Stops the conversion; the failure is the signal's reason. */
    readonly signal?: AbortSignal | undefined;
  },
): Promise<ConvertedPayload> {
  const chunks: Buffer[] = [];
  let invalid = '';
  let firstInvalid: FlowLogParseError | undefined;
  const flows = createFlowLogStream({
    format: settings.format,
    profile: settings.profile,
    filter: settings.filter,
    enrich: settings.enrich,
    output: 'ndjson',
    source: settings.source,
    origin: settings.origin,
    onInvalid: error => {
      firstInvalid ??= error;
      invalid += `${deadLetterLine(error)}\n`;
    },
  });
  const input =
    payload instanceof Uint8Array
      ? openFlowLogInput(Readable.from([payload]), { source: settings.source })
      : Readable.from([payload], { objectMode: true });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const { signal } = settings;
  const failure = await pipeline(input, flows, sink, ...(signal === undefined ? [] : [{ signal }])).then(
    () => undefined,
    (error: unknown) => {
      const reason = (signal?.aborted === true ? signal.reason : error) as { code?: unknown; message?: unknown };
      return {
        code: typeof reason?.code === 'string' ? reason.code : 'input-failed',
        message: String(reason?.message ?? reason),
      };
    },
  );
  return { ndjson: Buffer.concat(chunks), invalid, firstInvalid, stats: flows.stats(), failure };
}
