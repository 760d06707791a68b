import {
  fieldWords,
  type FlowLogParseError,
  type FlowLogParserOptions,
  type LogStatus,
  type ParserCheckpoint,
} from '@flowecs/parser';
import { describeValue } from '@flowecs/parser/framing';

export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

/** What to do with a line that is not a valid record. */
export type InvalidLinePolicy =
  /** Emit an `'invalid'` event with the error and go on (the default). */
  | 'emit'
  /** Count it in `stats().invalid` and go on. */
  | 'skip'
  /** Fail the stream with the error. */
  | 'error'
  /**
   * Call the function and go on; if it throws, the stream fails with that
   * error. If it returns a promise (its sink is full: a write returned
   * false), no line is parsed until it settles, so dead letters are written
   * with backpressure; a rejection fails the stream.
   */
  | ((error: FlowLogParseError) => unknown);

export interface FlowLogStreamOptions extends Omit<FlowLogParserOptions, 'maxLineLength'> {
  /** `'objects'` (the default): ECS event objects; `'ndjson'`: one JSON text line per event. `profile: 'extended'` gives the extended events, `'ocsf'` OCSF 1.1.0 ones. */
  readonly output?: 'objects' | 'ndjson' | undefined;
  /** Longest line, in bytes, before it is one `line-too-long` record. Default 1 MiB. */
  readonly maxLineLength?: number | undefined;
  /** What an invalid line does: `'emit'` (the default) an `'invalid'` event, `'skip'` (counted only), `'error'` (fails the stream), or a function called with the error (return a promise to make the stream wait for it). */
  readonly onInvalid?: InvalidLinePolicy | undefined;
  /** Where the input comes from (a file name), carried into errors. */
  readonly source?: string | undefined;
  /** Output buffered before the stream stops reading: events in object mode, bytes for NDJSON (Node's defaults: 16 events, 16 KiB). */
  readonly readableHighWaterMark?: number | undefined;
  /** Input chunks (bytes, strings or record batches) buffered before writers are asked to wait (default 16). */
  readonly writableHighWaterMark?: number | undefined;
  /**
   * Go on from another stream's `checkpoint()` over the same input: line
   * numbers and layout continue, and no BOM is dropped. For parsing blocks of
   * one input in parallel (`createBlockSplitter`).
   */
  readonly resume?: ParserCheckpoint | undefined;
}

export interface FlowLogStreamStats {
  /**
   * Every line read: lines = events + filtered + headers + blanks + invalid. For
   * CloudWatch Logs envelopes and Parquet files the unit is the record (a
   * log event, a row), not the physical line.
   */
  lines: number;
  events: number;
  /** Valid records the `filter` option dropped. */
  filtered: number;
  headers: number;
  blanks: number;
  invalid: number;
  /** Bytes written into the stream (for record batches: the records' text, a newline each). */
  bytesIn: number;
  /** Events per log status; `none` counts records without a `log-status` field. */
  eventsByStatus: { [Status in Lowercase<LogStatus> | 'none']: number };
  /**
   * Values of fields this release does not know (header names and JSON keys
   * from newer AWS versions, or JSON keys of other tools): ignored by the
   * standard profile, kept under `aws.vpcflow` by the extended one.
   */
  unknownKeys: number;
  /** The unknown field names that headers declared, sorted. */
  unknownFields: string[];
  /** CloudWatch Logs `CONTROL_MESSAGE` envelopes (health checks): neither events nor invalid. */
  controlMessages: number;
}

/** Counts of nothing yet: a new stream's, or the start of a run's totals. */
export function emptyStats(): FlowLogStreamStats {
  return {
    lines: 0,
    events: 0,
    filtered: 0,
    headers: 0,
    blanks: 0,
    invalid: 0,
    bytesIn: 0,
    eventsByStatus: Object.fromEntries(
      [...fieldWords.status.map(word => word.toLowerCase()), 'none'].map(key => [key, 0]),
    ) as FlowLogStreamStats['eventsByStatus'],
    unknownKeys: 0,
    unknownFields: [],
    controlMessages: 0,
  };
}

/** Checks a flow stream's own options (the parser checks its options itself) and gives their values. */
export function checkStreamOptions(options: FlowLogStreamOptions) {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(`The flow stream's options must be an object, not ${describeValue(options)}.`);
  const ndjson = options.output === 'ndjson';
  if (options.output !== undefined && options.output !== 'objects' && !ndjson) {
    throw new RangeError(`output must be "objects" or "ndjson", not ${JSON.stringify(options.output)}.`);
  }
  const onInvalid = options.onInvalid ?? 'emit';
  if (typeof onInvalid !== 'function' && !['emit', 'skip', 'error'].includes(onInvalid)) {
    throw new RangeError(`onInvalid must be "emit", "skip", "error" or a function, not ${JSON.stringify(onInvalid)}.`);
  }
  return { ndjson, onInvalid, maxLineLength: options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH };
}
