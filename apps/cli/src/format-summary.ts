import type { FlowLogStreamStats } from '@flowecs/stream';
import type { SkippedFile } from './collect-inputs';

export interface RunSummary extends FlowLogStreamStats {
  files: number;
  failedInputs: number;
  elapsedMilliseconds: number;
  /** With --jobs: the main thread's busy time (reading, cutting blocks, writing), the bound on the speed-up. */
  mainThreadMilliseconds?: number | undefined;
  /** Whether --where was given: the accounting then names the filtered records. */
  filter?: boolean | undefined;
  /** Files a directory walk passed over: not flow-log deliveries by content. */
  skipped?: readonly SkippedFile[] | undefined;
}

const number = new Intl.NumberFormat('en-US');

/** The `--stats` block: counts, the accounting equation, time and rate. */
export function formatSummary(summary: RunSummary): string {
  const seconds = summary.elapsedMilliseconds / 1000;
  const rate = seconds > 0 ? Math.round(summary.lines / seconds) : summary.lines;
  const { ok, nodata, skipdata, none } = summary.eventsByStatus;
  const skipped = summary.skipped ?? [];
  const lines = [
    `files:   ${number.format(summary.files)}${summary.failedInputs > 0 ? ` (${number.format(summary.failedInputs)} failed)` : ''}${skipped.length > 0 ? `, ${number.format(skipped.length)} skipped` : ''}`,
    ...skipped.map(file => `skipped: ${file.path}: ${file.reason}`),
    `lines:   ${number.format(summary.lines)} = ${number.format(summary.events)} events + ${summary.filter === true ? `${number.format(summary.filtered)} filtered + ` : ''}${number.format(summary.headers)} headers + ${number.format(summary.blanks)} blank + ${number.format(summary.invalid)} invalid`,
    ...(summary.unknownKeys > 0
      ? [
          `unknown: ${number.format(summary.unknownKeys)} values of fields this version does not know${summary.unknownFields.length > 0 ? ` (${summary.unknownFields.join(', ')})` : ''}`,
        ]
      : []),
    `status:  ok ${number.format(ok)}, nodata ${number.format(nodata)}, skipdata ${number.format(skipdata)}${none > 0 ? `, without log-status ${number.format(none)}` : ''}`,
    ...(summary.controlMessages > 0
      ? [`control: ${number.format(summary.controlMessages)} CloudWatch Logs control messages (health checks) skipped`]
      : []),
    `time:    ${seconds.toFixed(2)} s, ${number.format(rate)} lines/s, ${number.format(summary.bytesIn)} bytes${summary.mainThreadMilliseconds === undefined ? '' : `, main thread busy ${(summary.mainThreadMilliseconds / 1000).toFixed(2)} s`}`,
  ];
  return lines.map(line => `flowecs: ${line}\n`).join('');
}
