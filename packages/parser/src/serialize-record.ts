import type { FlowLogRecord, RecordContext } from './flow-log-record';
import type { NdjsonWriter } from './ndjson-writer';
import type { RecordMapper } from './resolve-options';

/**
 * The text lane's JSON: `JSON.stringify` of the mapped event, written into
 * the writer. Plain records skip it (see write-standard-bytes.ts); the rest
 * (IPv6, JSON records, escapes, the extended profile) come this way.
 */
export function writeMapped(map: RecordMapper, record: FlowLogRecord, message: string, context: RecordContext | undefined, out: NdjsonWriter): void {
  out.text(JSON.stringify(map(record, message, context)));
}

/** One record's JSON text as a string. */
export function serializeWith(map: RecordMapper, record: FlowLogRecord, message: string, context: RecordContext | undefined): string {
  return JSON.stringify(map(record, message, context));
}
