/** What an input holds, by its first bytes. */
export type FlowLogContent = 'gzip' | 'parquet' | 'cloudwatch' | 'text';

const ENVELOPE_KEYS = ['"messageType"', '"logEvents"', '"logGroup"', '"awslogs"'];

/**
 * The one detection by content, for the stream, the CLI and the Lambda
 * handlers: gzip and Parquet by their magic bytes (`1f 8b`, `PAR1`);
 * CloudWatch Logs envelopes (or a Lambda subscription event) when the first
 * JSON object names an envelope key within the bytes given; otherwise text
 * (header and record lines, JSON lines, `{"message":…}` wrappers). For gzip,
 * detect again on the decompressed bytes. Give the first 4 KiB or more.
 */
export function detectFlowLogContent(head: Uint8Array): FlowLogContent {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31)
    return 'parquet';
  let start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (start < head.length && (head[start] === 32 || head[start] === 9 || head[start] === 10 || head[start] === 13))
    start++;
  if (head[start] !== 123 /* { */) return 'text';
  // Flow-log JSON lines never name these keys; an envelope (pretty-printed or not) does, early.
  const text = new TextDecoder().decode(head.subarray(start, start + 4096));
  return ENVELOPE_KEYS.some(key => text.includes(key)) ? 'cloudwatch' : 'text';
}
