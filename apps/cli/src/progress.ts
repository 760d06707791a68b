import { MultiBar, type SingleBar } from 'cli-progress';
import type { Writable } from 'node:stream';
import { printable, printableLines } from '@flowecs/stream';

/**
 * What the conversion tells the terminal while it runs. Messages and labels
 * hold paths and values from outside: both are made printable here, the one
 * place they reach the terminal.
 */
export interface Progress {
  /** Writes a message line without garbling the bar. */
  log(text: string): void;
  /** Bytes read so far over all inputs, the input being read, and lines read so far. */
  update(bytes: number, label: string, lines: number): void;
  stop(): void;
}

/** No terminal: messages go straight to stderr. `names`: see `printableLines`. */
export function plainProgress(stderr: Writable, names: readonly string[] = []): Progress {
  return {
    log: text => void stderr.write(printableLines(text, names)),
    update: () => {},
    stop: () => {},
  };
}

/**
 * A progress bar on a terminal (cli-progress), driven by bytes read from all
 * inputs: compressed bytes for gzip, so it moves with the disk, not the data.
 * Without a total (standard input), bytes read and lines per second.
 */
export function terminalProgress(
  stderr: Writable,
  totalBytes: number | undefined,
  names: readonly string[] = [],
): Progress {
  const started = performance.now();
  const bars = new MultiBar({
    stream: stderr as NodeJS.WriteStream,
    format:
      totalBytes === undefined
        ? 'flowecs {done} read | {rate} lines/s | {file}'
        : 'flowecs {bar} {percentage}% | {done}/{size} | {file}',
    hideCursor: true,
    clearOnComplete: true,
    stopOnComplete: false,
    fps: 10,
    // cli-progress checks the stream it writes to; the caller has already.
    noTTYOutput: false,
  });
  const total = totalBytes ?? 0;
  const bar: SingleBar = bars.create(total, 0, { done: formatBytes(0), size: formatBytes(total), file: '', rate: '0' });
  return {
    log: text => bars.log(printableLines(text, names)),
    update: (bytes, label, lines) => {
      const seconds = (performance.now() - started) / 1000;
      const rate = rateFormat.format(seconds > 0 ? Math.round(lines / seconds) : 0);
      bar.update(Math.min(bytes, total), {
        done: formatBytes(bytes),
        size: formatBytes(total),
        file: printable(label),
        rate,
      });
    },
    stop: () => bars.stop(),
  };
}

const rateFormat = new Intl.NumberFormat('en-US');

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}
