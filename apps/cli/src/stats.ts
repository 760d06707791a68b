import type { FlowLogStreamStats } from '@flowecs/stream';

/** Counts of nothing yet: what a run's or an input's totals start from. */
export function emptyStats(): FlowLogStreamStats {
  return {
    lines: 0,
    events: 0,
    headers: 0,
    blanks: 0,
    invalid: 0,
    bytesIn: 0,
    eventsByStatus: { ok: 0, nodata: 0, skipdata: 0, none: 0 },
    unknownKeys: 0,
    unknownFields: [],
    controlMessages: 0,
  };
}

/** Adds `stats` into `totals` (unknown field names: the sorted union). */
export function addStats(totals: FlowLogStreamStats, stats: FlowLogStreamStats): void {
  totals.lines += stats.lines;
  totals.events += stats.events;
  totals.headers += stats.headers;
  totals.blanks += stats.blanks;
  totals.invalid += stats.invalid;
  totals.bytesIn += stats.bytesIn;
  totals.unknownKeys += stats.unknownKeys;
  totals.controlMessages += stats.controlMessages;
  totals.unknownFields = [...new Set([...totals.unknownFields, ...stats.unknownFields])].toSorted();
  for (const status of ['ok', 'nodata', 'skipdata', 'none'] as const)
    totals.eventsByStatus[status] += stats.eventsByStatus[status];
}
