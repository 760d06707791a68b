import type { FlowLogStreamStats } from '@flowecs/stream';

/** Adds `stats` into `totals` (unknown field names: the sorted union). */
export function addStats(totals: FlowLogStreamStats, stats: FlowLogStreamStats): void {
  totals.lines += stats.lines;
  totals.events += stats.events;
  totals.filtered += stats.filtered;
  totals.headers += stats.headers;
  totals.blanks += stats.blanks;
  totals.invalid += stats.invalid;
  totals.bytesIn += stats.bytesIn;
  totals.unknownKeys += stats.unknownKeys;
  totals.controlMessages += stats.controlMessages;
  totals.unknownFields = [...new Set([...totals.unknownFields, ...stats.unknownFields])].toSorted();
  for (const status of Object.keys(totals.eventsByStatus) as (keyof FlowLogStreamStats['eventsByStatus'])[])
    totals.eventsByStatus[status] += stats.eventsByStatus[status];
}
