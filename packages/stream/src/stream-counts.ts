import { fieldWords, type FlowLogParseResult, type LogStatus } from '@flowecs/parser';
import { emptyStats, type FlowLogStreamStats } from './flow-log-stream-options';

/** `log-status` words to the keys of `eventsByStatus`. */
const statusKeys: ReadonlyMap<LogStatus, Lowercase<LogStatus>> = new Map(
  fieldWords.status.map(word => [word, word.toLowerCase() as Lowercase<LogStatus>]),
);

/** A flow stream's counts as it goes: the plain counters, and the rules for the others. */
export class StreamCounts {
  /** Incremented in place by the stream (lines, bytesIn, controlMessages) and by `event` and `line`. */
  stats: FlowLogStreamStats = emptyStats();

  /** Counts an event, its unknown keys and its status. */
  event(unknownKeys: number, status: unknown): void {
    this.stats.events++;
    this.stats.unknownKeys += unknownKeys;
    this.stats.eventsByStatus[statusKeys.get(status as LogStatus) ?? 'none']++;
  }

  /** Counts a line that is no event: a header (and its unknown fields), a blank, a filtered record or an invalid line. */
  line(result: Exclude<FlowLogParseResult<unknown>, { kind: 'event' }>): void {
    switch (result.kind) {
      case 'header':
        this.stats.headers++;
        this.unknownFields(result.unknownFields);
        return;
      case 'blank':
        this.stats.blanks++;
        return;
      case 'filtered':
        this.stats.filtered++;
        return;
      case 'invalid':
        this.stats.invalid++;
    }
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
