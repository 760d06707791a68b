import type { ExtendedFlowLogEvent, FlowLogEvent } from '@flowecs/ecs-types';
import type { FlowLogRecord } from './flow-log-record';
import type { NdjsonWriter } from './ndjson-writer';

/**
 * The text lane's JSON: `JSON.stringify` of the mapped event, written into
 * the writer. Plain records skip it (see write-standard-bytes.ts); the rest
 * (IPv6, JSON records, escapes, the extended profile) come this way.
 */
export function writeMapped(map: (record: FlowLogRecord, message: string) => FlowLogEvent | ExtendedFlowLogEvent, record: FlowLogRecord, message: string, out: NdjsonWriter): void {
  out.text(JSON.stringify(map(record, message)));
}

/** One record's JSON text as a string. */
export function serializeWith(map: (record: FlowLogRecord, message: string) => FlowLogEvent | ExtendedFlowLogEvent, record: FlowLogRecord, message: string): string {
  return JSON.stringify(map(record, message));
}
