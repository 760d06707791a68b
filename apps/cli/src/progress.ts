import { MultiBar, type SingleBar } from 'cli-progress';
import type { Writable } from 'node:stream';

/** What the conversion tells the terminal while it runs. */
export interface Progress {
  /** Writes a message line without garbling the bar. */
  log(text: string): void;
  /** Bytes read so far over all inputs, and the input being read. */
  update(bytes: number, label: string): void;
  stop(): void;
}

/** No terminal: messages go straight to stderr. */
export function plainProgress(stderr: Writable): Progress {
  return {
    log: text => void stderr.write(text),
    update: () => {},
    stop: () => {},
  };
}

/**
 * A progress bar on a terminal (cli-progress), driven by bytes read from all
 * inputs: compressed bytes for gzip, so it moves with the disk, not the data.
 */
export function terminalProgress(stderr: Writable, totalBytes: number): Progress {
  const bars = new MultiBar(
    {
      stream: stderr as NodeJS.WriteStream,
      format: 'flowecs {bar} {percentage}% | {done}/{size} | {file}',
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
      fps: 10,
      // cli-progress checks the stream it writes to; the caller has already.
      noTTYOutput: false,
    },
  );
  const bar: SingleBar = bars.create(totalBytes, 0, { done: formatBytes(0), size: formatBytes(totalBytes), file: '' });
  return {
    log: text => bars.log(text),
    update: (bytes, label) => bar.update(Math.min(bytes, totalBytes), { done: formatBytes(bytes), size: formatBytes(totalBytes), file: label }),
    stop: () => bars.stop(),
  };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}
