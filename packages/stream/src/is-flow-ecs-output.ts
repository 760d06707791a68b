/**
 * Whether a parsed JSON value is what flowecs writes: an ECS event of any
 * profile (`message`, `event` and `@timestamp`, as `createFlowLogStream`
 * writes them), an OCSF event (`metadata` naming Amazon VPC, `class_uid`
 * 4001, `time`, no `null`) or a dead letter (`deadLetterLine`'s `source`, `line`,
 * `code`, `raw`).
 */
export function isFlowEcsOutputValue(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const fields = value as Record<string, unknown>;
  const isEvent =
    typeof fields['event'] === 'object' &&
    fields['event'] !== null &&
    typeof fields['@timestamp'] === 'string' &&
    typeof fields['message'] === 'string';
  const product = (fields['metadata'] as { product?: { name?: unknown } } | null | undefined)?.product;
  // Security Lake's own rows look the same but write absent values as null; flowecs leaves them out.
  const isOcsfEvent =
    fields['class_uid'] === 4001 &&
    typeof fields['time'] === 'number' &&
    typeof product === 'object' &&
    product?.name === 'Amazon VPC' &&
    !Object.values(fields).includes(null);
  const isDeadLetter =
    typeof fields['source'] === 'string' &&
    typeof fields['line'] === 'number' &&
    typeof fields['code'] === 'string' &&
    Object.hasOwn(fields, 'raw');
  return isEvent || isOcsfEvent || isDeadLetter;
}

/** `isFlowEcsOutputValue` of one line of text; false for anything that is not JSON. */
export function isFlowEcsOutputLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    return isFlowEcsOutputValue(JSON.parse(line));
  } catch {
    return false;
  }
}

/**
 * Whether the first bytes of a file start with what flowecs writes: an event
 * or a dead letter as NDJSON, or an event indented by `--pretty` (a first
 * line `{` up to the first line `}`). Give the first 64 KiB.
 */
export function startsWithFlowEcsOutput(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head);
  const firstEnd = text.indexOf('\n');
  const first = firstEnd === -1 ? text : text.slice(0, firstEnd);
  if (first !== '{') return isFlowEcsOutputLine(first);
  const close = text.indexOf('\n}\n');
  if (close === -1) return false;
  try {
    return isFlowEcsOutputValue(JSON.parse(text.slice(0, close + 2)));
  } catch {
    return false;
  }
}
