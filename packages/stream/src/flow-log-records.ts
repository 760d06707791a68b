import type { FlowLogParseError, MessageContext } from '@flowecs/parser';

/**
 * Records that do not come as lines of text: the events of a CloudWatch
 * Logs envelope, or the rows of a Parquet file (as text records). A flow
 * stream takes these chunks beside bytes; each record counts as a line.
 */
export type FlowLogRecords =
  | {
      readonly kind: 'flowecs:records';
      /** Sets the layout first, as a header line would (Parquet column names); not counted as a line. */
      readonly header?: string | undefined;
      /** One record each, never a header. */
      readonly records: readonly string[];
      /** What the delivery knows of them: the log group and stream. */
      readonly context?: MessageContext | undefined;
      /** Each record's time in the delivery (CloudWatch Logs event timestamps, epoch ms). */
      readonly eventTimes?: readonly number[] | undefined;
    }
  /** A CloudWatch Logs health check: counted in `stats().controlMessages`, nothing else. */
  | { readonly kind: 'flowecs:control-message' }
  /** A part of the input that is not records (a malformed envelope): one invalid line. */
  | { readonly kind: 'flowecs:invalid'; readonly error: FlowLogParseError };

export function isFlowLogRecords(chunk: unknown): chunk is FlowLogRecords {
  const kind = (chunk as { kind?: unknown } | null)?.kind;
  return kind === 'flowecs:records' || kind === 'flowecs:control-message' || kind === 'flowecs:invalid';
}

/** How many lines a chunk counts for (records, not physical lines). */
export function recordCount(chunk: FlowLogRecords): number {
  return chunk.kind === 'flowecs:records' ? chunk.records.length : chunk.kind === 'flowecs:invalid' ? 1 : 0;
}
