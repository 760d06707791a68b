import { fieldWords, type LogStatus } from '@flowecs/parser';
import { emptyStats, type FlowLogStreamStats } from './flow-log-stream-options';

/** `log-status` words to the keys of `eventsByStatus`. */
const statusKeys: ReadonlyMap<LogStatus, Lowercase<LogStatus>> = new Map(
  fieldWords.status.map(word => [word, word.toLowerCase() as Lowercase<LogStatus>]),
);

/** A flow stream's counts as it goes: the plain counters, and the rules for the others. */
export class StreamCounts {
  /** Incremented in place by the stream (lines, headers, blanks, invalid, bytesIn, controlMessages). */
  stats: FlowLogStreamStats = emptyStats();

  /** Counts an event, its unknown keys and its status. */
  event(unknownKeys: number, status: unknown): void {
    this.stats.events++;
    this.stats.unknownKeys += unknownKeys;
    this.stats.eventsByStatus[statusKeys.get(status as LogStatus) ?? 'none']++;
  }

  /** Notes the unknown fields a header named: each once, sorted. */
  unknownFields(names: readonly string[]): void {
    for (const name of names) {
      if (!this.stats.unknownFields.includes(name))
        this.stats.unknownFields = [...this.stats.unknownFields, name].toSorted();
    }
  }

  /** A copy: later lines do not change it. */
  snapshot(): FlowLogStreamStats {
    return {
      ...this.stats,
      eventsByStatus: { ...this.stats.eventsByStatus },
      unknownFields: [...this.stats.unknownFields],
    };
  }

  reset(): void {
    this.stats = emptyStats();
  }
}
