import { open, stat } from 'node:fs/promises';
import { createParser } from '@flowecs/parser';
import { detectFlowLogContent } from './detect-flow-log-content';

const HEAD_LENGTH = 64 * 1024;

/**
 * Whether the first bytes of a file are flow-log input: gzip or Parquet by
 * their magic bytes, CloudWatch Logs envelopes, or a first line that reads as a flow-log header or
 * record. An NDJSON line of ECS events (it has `event` or `@timestamp`) is
 * not, although its `message` holds a record. Give at least the first line
 * (64 KiB is plenty).
 */
export function isFlowLogContent(head: Uint8Array): boolean {
  const content = detectFlowLogContent(head);
  if (content !== 'text') return true;
  let start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  // The first line that is not blank.
  for (;;) {
    let end = head.indexOf(10, start);
    if (end === -1) end = Math.min(head.length, HEAD_LENGTH);
    const line = new TextDecoder().decode(head.subarray(start, end)).trim();
    if (line !== '') return readsAsFlowLog(line);
    if (end >= head.length) return false;
    start = end + 1;
  }
}

function readsAsFlowLog(line: string): boolean {
  if (line.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(line);
      if (
        typeof value !== 'object' ||
        value === null ||
        Object.hasOwn(value, 'event') ||
        Object.hasOwn(value, '@timestamp')
      )
        return false;
    } catch {
      return false;
    }
  }
  const kind = createParser().parse(line).kind;
  return kind === 'event' || kind === 'header';
}

/**
 * `isFlowLogContent` of a regular file's first 64 KiB; false for anything
 * else (opening a FIFO or `/dev/stdout` to read could block), and for a file
 * that cannot be read.
 */
export async function isFlowLogFile(path: string): Promise<boolean> {
  let handle;
  try {
    if (!(await stat(path)).isFile()) return false;
    handle = await open(path, 'r');
    const head = new Uint8Array(HEAD_LENGTH);
    const { bytesRead } = await handle.read(head, 0, HEAD_LENGTH, 0);
    return isFlowLogContent(head.subarray(0, bytesRead));
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}
