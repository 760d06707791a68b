import { open, stat } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { createParser, fieldWords } from '@flowecs/parser';
import { detectFlowLogContent } from './detect-flow-log-content';
import { isFlowEcsOutputValue } from './is-flow-ecs-output';

/** How much of a file decides what it is: enough for an envelope's keys and a few lines. */
export const CONTENT_HEAD_LENGTH = 16 * 1024;
// A gzip input is decided on the inflated start of its first 4 KiB (no more
// than 8 MiB of output, so a bomb costs nothing).
const GZIP_HEAD_LENGTH = 4 * 1024;
const GZIP_INFLATED_LIMIT = 8 * 1024 * 1024;

export interface FlowLogContentOptions {
  /** The records' LogFormat, for input without a header line (as the stream's `format`). */
  readonly format?: string | readonly string[] | undefined;
}

/**
 * Why the first bytes of a file are not a flow-log delivery, or undefined when
 * they are one. A delivery is gzip (decided again on the inflated bytes; a
 * gzip that cannot be inflated, or holds no whole line, is one, so that its
 * damage is reported),
 * Parquet, CloudWatch Logs envelopes, or text whose first line is a flow-log
 * header or record, in any layout: a line that the parser reads, or one with
 * two or more flow-log words (an address, an AWS resource id, an action or a
 * status), which the parser then reports with the advice to pass `--format`.
 * Not deliveries: flowecs's own output, other JSON, binary data, prose, and
 * an empty file.
 */
export function flowLogContentVerdict(head: Uint8Array, options: FlowLogContentOptions = {}): string | undefined {
  const content = detectFlowLogContent(head);
  if (content === 'parquet' || content === 'cloudwatch') return undefined;
  if (content === 'gzip') {
    let inflated: Uint8Array;
    try {
      inflated = gunzipSync(head.subarray(0, GZIP_HEAD_LENGTH), {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: GZIP_INFLATED_LIMIT,
      });
    } catch {
      return undefined;
    }
    const inner = detectFlowLogContent(inflated);
    // No whole line yet (a truncated member): the conversion reports the damage.
    if (inner === 'cloudwatch' || (inner === 'text' && !inflated.includes(10))) return undefined;
    // Parquet and gzip inside gzip are no delivery of AWS's (a .tar.gz is a gzip of a binary too).
    return inner === 'text' ? textVerdict(inflated, options) : `${inner} inside gzip`;
  }
  return textVerdict(head, options);
}

/** Whether the first bytes are a flow-log delivery (see `flowLogContentVerdict`). */
export function isFlowLogContent(head: Uint8Array, options: FlowLogContentOptions = {}): boolean {
  return flowLogContentVerdict(head, options) === undefined;
}

function textVerdict(head: Uint8Array, options: FlowLogContentOptions): string | undefined {
  let start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  // The first line that is not blank.
  for (;;) {
    let end = head.indexOf(10, start);
    if (end === -1) end = head.length;
    const bytes = head.subarray(start, end);
    let line;
    try {
      // A character cut by the end of the head is not an error.
      line = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: end === head.length }).trim();
    } catch {
      return 'binary data';
    }
    if (isBinary(bytes)) return 'binary data';
    if (line !== '') return lineVerdict(line, options);
    if (end >= head.length) return 'empty';
    start = end + 1;
  }
}

function lineVerdict(line: string, options: FlowLogContentOptions): string | undefined {
  if (line.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return 'text that is not flow-log lines';
    }
    if (isFlowEcsOutputValue(value)) return 'events or dead letters (flowecs output)';
    if (
      typeof value !== 'object' ||
      value === null ||
      Object.hasOwn(value, 'event') ||
      Object.hasOwn(value, '@timestamp')
    )
      return 'JSON that is not flow-log records';
  }
  const kind = createParser({ format: options.format }).parse(line).kind;
  if (kind === 'event' || kind === 'header') return undefined;
  if (line.startsWith('{')) return 'JSON that is not flow-log records';
  let words = 0;
  for (const token of line.split(' ')) if (isFlowLogWord(token) && ++words === 2) return undefined;
  return 'text that is not flow-log lines';
}

// Each pattern is anchored and linear: no backtracking on untrusted text.
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const RESOURCE_ID = /^(?:vpc|eni|subnet|i|tgw|tgw-attach|fl)-[0-9a-f]{8,17}$/;
const WORDS: ReadonlySet<string> = new Set([...fieldWords.action, ...fieldWords.status]);

function isFlowLogWord(token: string): boolean {
  return WORDS.has(token) || IPV4.test(token) || RESOURCE_ID.test(token);
}

/** NUL or a C0 control other than tab, CR and form feed (or bytes that are not UTF-8): no text flow log holds one. */
function isBinary(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte < 32 && byte !== 9 && byte !== 13 && byte !== 12) return true;
  return false;
}

/**
 * `isFlowLogContent` of a regular file's first bytes; false for anything
 * else (opening a FIFO or `/dev/stdout` to read could block), and for a file
 * that cannot be read.
 */
export async function isFlowLogFile(path: string, options: FlowLogContentOptions = {}): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    return flowLogContentVerdict(await readFileHead(path), options) === undefined;
  } catch {
    return false;
  }
}

/** The first `length` bytes of a file (fewer when it is shorter). */
export async function readFileHead(path: string, length = CONTENT_HEAD_LENGTH): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(length);
    const { bytesRead } = await handle.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
