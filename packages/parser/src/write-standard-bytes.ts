import { guessLayout, typeCodes, type FlowLogLayout } from './flow-log-layout';
import { formatTimestamp } from './format-timestamp';
import type { FlowLogRecord } from './flow-log-record';
import type { NdjsonWriter } from './ndjson-writer';
import { copy, equals, isAccount, put, putQuoted, readInteger, scanDottedQuad, startsWith } from './byte-tokens';
import {
  ACCEPT, ACTION_OPEN, ACTION_OUTCOME_NODATA, ACTION_OUTCOME_OK, ACTION_OUTCOME_SKIPDATA, ADDRESS, BRACE, BYTES,
  CLOSE, CLOSE_NEWLINE, CLOSE_NEWLINE_2, CLOSE_TIMESTAMP, CLOUD_BARE, CLOUD_CLOSE, CLOUD_OPEN, COMMA_BYTES,
  COMMA_PACKETS, COMMA_PORT, COMMA_QUOTE, COMPLETE_ACCEPT, COMPLETE_HEAD, COMPLETE_REJECT, COMPLETE_RELATED,
  COMPLETE_SECOND, COMPLETE_TAIL, DESTINATION_OPEN, EVENT, EVENT_END, EVENT_START, FIXED_BOUND, IP, MESSAGE,
  NAME_ACCEPT, NAME_REJECT, NETWORK_OPEN, NODATA, OBSERVER_CLOSE, OBSERVER_OPEN, OK, OUTCOME_NODATA, OUTCOME_OK,
  OUTCOME_SKIPDATA, PACKETS, PORT, REJECT, RELATED_CLOSE, RELATED_OPEN, SKIPDATA, SOURCE_OPEN, TARGET_TYPE_FORWARD,
  TYPE_FORWARD, completeObservers, transports,
} from './standard-fragments';
import { ABSENT, ends, MAX_FIELDS, planFor, present, PRESENT, starts, valueAt, values, type Plan } from './byte-lane-plan';
import { readKnownLayout } from './read-known-layout';


/**
 * The fast lane for NDJSON output in the standard profile: a text record read
 * straight from its UTF-8 bytes and written as JSON bytes, values copied from
 * the input. It takes only plain lines (printable ASCII without quotes or
 * backslashes, IPv4 addresses, every value valid); for anything else it
 * returns -1 and writes nothing, and the caller parses the line as text,
 * which gives the same bytes or the precise error. A test holds the lanes
 * equal on every fixture and on random records.
 */

/**
 * Checks that `bytes[start, end)` (no line terminator) is a plain record of
 * `layout` (or of the published layout its field count names): printable
 * ASCII without quotes or backslashes, IPv4 addresses, every value valid.
 * Leaves its token bounds and numbers in the scratch arrays and returns the
 * layout's plan, or undefined when the text lane must decide.
 */
function checkPlainRecord(bytes: Uint8Array, start: number, end: number, layout: FlowLogLayout | undefined): Plan | undefined {
  if (end <= start) return undefined;
  const first = bytes[start]!;
  // JSON, a possible header, or leading white space: the text lane decides.
  if (first === 123 || (first >= 97 && first <= 122) || first === 32) return undefined;
  // A known layout (a header or a format, as in S3 files) is read in one pass.
  if (layout !== undefined && layout.guessedAs === undefined) return readKnownLayout(bytes, start, end, layout);

  let count = 0;
  let tokenStart = start;
  for (let index = start; index < end; index++) {
    const byte = bytes[index]!;
    // Most bytes are plain printable characters: one test and on.
    if (byte > 32 && byte < 127 && byte !== 34 && byte !== 92) continue;
    if (byte !== 32) return undefined;
    if (index > tokenStart) {
      if (count === MAX_FIELDS) return undefined;
      starts[count] = tokenStart;
      ends[count++] = index;
    }
    tokenStart = index + 1;
  }
  if (end > tokenStart) {
    if (count === MAX_FIELDS) return undefined;
    starts[count] = tokenStart;
    ends[count++] = end;
  }
  const chosen = layout ?? guessLayout(count);
  if (chosen === undefined || chosen.fields.length !== count) return undefined;
  const plan = planFor(chosen);
  const guessed = chosen.guessedAs !== undefined;

  // Check every field, keeping the numbers the output needs.
  const { types, maxima } = chosen;
  for (let index = 0; index < count; index++) {
    const tokenBegin = starts[index]!;
    const tokenEnd = ends[index]!;
    if (tokenEnd - tokenBegin === 1 && bytes[tokenBegin] === 45) {
      values[index] = ABSENT;
      continue;
    }
    switch (types[index]) {
      case typeCodes.integer: {
        const value = readInteger(bytes, tokenBegin, tokenEnd);
        if (value < 0 || value > maxima[index]!) return undefined;
        values[index] = value;
        break;
      }
      case typeCodes.address:
        if (scanDottedQuad(bytes, tokenBegin, tokenEnd) !== tokenEnd) return undefined;
        values[index] = PRESENT;
        break;
      case typeCodes.action:
        if (equals(bytes, tokenBegin, tokenEnd, ACCEPT)) values[index] = 1;
        else if (equals(bytes, tokenBegin, tokenEnd, REJECT)) values[index] = 2;
        else return undefined;
        break;
      case typeCodes.status:
        if (equals(bytes, tokenBegin, tokenEnd, OK)) values[index] = 1;
        else if (equals(bytes, tokenBegin, tokenEnd, NODATA)) values[index] = 2;
        else if (equals(bytes, tokenBegin, tokenEnd, SKIPDATA)) values[index] = 3;
        else return undefined;
        break;
      case typeCodes.account:
        if (!isAccount(bytes, tokenBegin, tokenEnd)) return undefined;
        values[index] = PRESENT;
        break;
      default: {
        const shape = guessed ? plan.shapes[index] : undefined;
        if (shape !== undefined && !shape.some(option => startsWith(bytes, tokenBegin, tokenEnd, option.bytes, option.exact))) return undefined;
        values[index] = PRESENT;
      }
    }
  }

  return plan;
}

/**
 * Writes a plain record (see checkPlainRecord) as one NDJSON line, newline
 * included, and returns its log status (0 none, 1 OK, 2 NODATA, 3
 * SKIPDATA); returns -1 and writes nothing when the text lane must decide.
 * The range holds no line terminator (the caller drops `\n` and `\r`).
 */
export function writeStandardBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  layout: FlowLogLayout | undefined,
  out: NdjsonWriter,
  /** For a record without `account-id`: the account its delivery names (mapRecord's rule). */
  fallbackAccount?: Uint8Array,
  /** For a record without `start` and `end`: the delivery's time, epoch ms (mapRecord's rule). */
  eventTime?: number,
): number {
  const plan = checkPlainRecord(bytes, start, end, layout);
  if (plan === undefined) return -1;
  const statusCode = valueAt(plan.status) === ABSENT ? 0 : valueAt(plan.status);
  const startValue = valueAt(plan.start);
  const endValue = valueAt(plan.end);

  // One bound for the whole line, so the writes below need no checks: the
  // message once, each address at most three times, and the fixed parts.
  out.reserve(4 * (end - start) + FIXED_BOUND);
  const target = out.bytes;
  let at = put(target, out.length, MESSAGE);
  at = copy(target, at, bytes, start, end);
  at = put(target, at, EVENT);
  const endText = endValue === ABSENT ? undefined : timestampBytes(endValue);
  if (endText !== undefined) at = putQuoted(target, put(target, at, EVENT_END), endText);
  if (statusCode !== 0) at = put(target, at, statusCode === 1 ? OUTCOME_OK : statusCode === 2 ? OUTCOME_NODATA : OUTCOME_SKIPDATA);
  // @timestamp: the start, else the end, else the delivery's time (mapRecord).
  if (startValue === ABSENT) {
    const timestamp = endText ?? (eventTime === undefined ? undefined : timestampBytes(eventTime));
    at = timestamp === undefined ? put(target, at, CLOSE) : putQuoted(target, put(target, at, CLOSE_TIMESTAMP), timestamp);
  } else {
    const startText = timestampBytes(startValue);
    at = putQuoted(target, put(target, at, EVENT_START), startText);
    at = putQuoted(target, put(target, at, CLOSE_TIMESTAMP), startText);
  }

  if (statusCode === 1 && isComplete(plan)) {
    out.length = writeCompleteTraffic(target, at, bytes, plan, valueAt(plan.action) === 1, valueAt(plan.protocol));
    return statusCode;
  }

  const source = present(plan.source);
  const destination = present(plan.destination);
  const sourcePort = present(plan.sourcePort);
  const destinationPort = present(plan.destinationPort);
  const byteCount = present(plan.bytes);
  const packets = present(plan.packets);
  const protocol = valueAt(plan.protocol);
  const action = valueAt(plan.action);
  const hasDestination = destination >= 0 || destinationPort >= 0;
  const hasSource = source >= 0 || sourcePort >= 0 || byteCount >= 0 || packets >= 0;

  at = put(target, at, ACTION_OPEN);
  if (action !== ABSENT) at = put(target, at, action === 1 ? NAME_ACCEPT : NAME_REJECT);
  if (statusCode !== 0) at = put(target, at, statusCode === 1 ? ACTION_OUTCOME_OK : statusCode === 2 ? ACTION_OUTCOME_NODATA : ACTION_OUTCOME_SKIPDATA);
  at = put(target, at, hasSource || hasDestination ? TARGET_TYPE_FORWARD : TYPE_FORWARD);
  at = writeCloud(target, at, bytes, plan.account, fallbackAccount);
  if (hasDestination) {
    at = put(target, at, DESTINATION_OPEN);
    if (destination >= 0) {
      at = putQuoted(target, put(target, at, ADDRESS), bytes, starts[destination]!, ends[destination]!);
      at = putQuoted(target, put(target, at, IP), bytes, starts[destination]!, ends[destination]!);
    }
    if (destinationPort >= 0) at = copyToken(target, put(target, at, destination >= 0 ? COMMA_PORT : PORT), bytes, destinationPort);
    target[at++] = BRACE;
  }
  if (protocol !== ABSENT) {
    at = putQuoted(target, put(target, at, NETWORK_OPEN), bytes, starts[plan.protocol]!, ends[plan.protocol]!);
    at = put(target, at, transports[protocol]!);
    target[at++] = BRACE;
  }
  at = writeObserver(target, at, bytes, plan.interface);
  if (source >= 0 || destination >= 0) {
    at = put(target, at, RELATED_OPEN);
    if (source < 0) at = putQuoted(target, at, bytes, starts[destination]!, ends[destination]!);
    else if (destination < 0 || compareTokens(bytes, source, destination) === 0) at = putQuoted(target, at, bytes, starts[source]!, ends[source]!);
    else {
      const [first, second] = compareTokens(bytes, source, destination) < 0 ? [source, destination] : [destination, source];
      at = putQuoted(target, at, bytes, starts[first]!, ends[first]!);
      at = put(target, at, COMMA_QUOTE);
      at = putQuoted(target, at, bytes, starts[second]!, ends[second]!);
    }
    at = put(target, at, RELATED_CLOSE);
  }
  if (hasSource) {
    at = put(target, at, SOURCE_OPEN);
    let separated = false;
    if (source >= 0) {
      at = putQuoted(target, put(target, at, ADDRESS), bytes, starts[source]!, ends[source]!);
      separated = true;
    }
    if (byteCount >= 0) {
      at = copyToken(target, put(target, at, separated ? COMMA_BYTES : BYTES), bytes, byteCount);
      separated = true;
    }
    if (source >= 0) at = putQuoted(target, put(target, at, IP), bytes, starts[source]!, ends[source]!);
    if (packets >= 0) {
      at = copyToken(target, put(target, at, separated ? COMMA_PACKETS : PACKETS), bytes, packets);
      separated = true;
    }
    if (sourcePort >= 0) at = copyToken(target, put(target, at, separated ? COMMA_PORT : PORT), bytes, sourcePort);
    target[at++] = BRACE;
  }
  out.length = put(target, at, CLOSE_NEWLINE);
  return statusCode;
}

/** Every field of the usual OK record is there (the common case, below). */
function isComplete(plan: Plan): boolean {
  return (
    present(plan.source) >= 0 &&
    present(plan.destination) >= 0 &&
    present(plan.sourcePort) >= 0 &&
    present(plan.destinationPort) >= 0 &&
    present(plan.bytes) >= 0 &&
    present(plan.packets) >= 0 &&
    present(plan.protocol) >= 0 &&
    present(plan.action) >= 0 &&
    present(plan.account) >= 0 &&
    present(plan.interface) >= 0
  );
}

/**
 * The rest of an OK record that has every field, its fixed parts merged into
 * a few long fragments; the general path gives the same bytes piece by
 * piece (tests hold the two equal).
 */
function writeCompleteTraffic(target: Uint8Array, at: number, bytes: Uint8Array, plan: Plan, accept: boolean, protocol: number): number {
  at = put(target, at, accept ? COMPLETE_ACCEPT : COMPLETE_REJECT);
  at = copyToken(target, at, bytes, plan.account);
  at = putPairs(target, at, bytes, COMPLETE_HEAD, plan.completeHead);
  at = put(target, at, completeObservers[protocol]!);
  at = copyToken(target, at, bytes, plan.interface);
  at = put(target, at, COMPLETE_RELATED);
  const order = compareTokens(bytes, plan.source, plan.destination);
  at = copyToken(target, at, bytes, order <= 0 ? plan.source : plan.destination);
  if (order !== 0) {
    at = put(target, at, COMPLETE_SECOND);
    at = copyToken(target, at, bytes, order < 0 ? plan.destination : plan.source);
  }
  at = putPairs(target, at, bytes, COMPLETE_TAIL, plan.completeTail);
  return put(target, at, CLOSE_NEWLINE_2);
}

/** Each fragment followed by its token. */
function putPairs(target: Uint8Array, at: number, bytes: Uint8Array, fragments: readonly Uint8Array[], tokens: Int32Array): number {
  for (let index = 0; index < fragments.length; index++) {
    at = put(target, at, fragments[index]!);
    at = copyToken(target, at, bytes, tokens[index]!);
  }
  return at;
}

const encoder = new TextEncoder();

function compareTokens(bytes: Uint8Array, left: number, right: number): number {
  const leftStart = starts[left]!;
  const rightStart = starts[right]!;
  const leftLength = ends[left]! - leftStart;
  const rightLength = ends[right]! - rightStart;
  const length = Math.min(leftLength, rightLength);
  for (let index = 0; index < length; index++) {
    const difference = bytes[leftStart + index]! - bytes[rightStart + index]!;
    if (difference !== 0) return difference;
  }
  return leftLength - rightLength;
}

// The writers below take the output array and an offset and return the new
// offset: no bounds checks (the caller reserved enough) and no method calls.

/** Token `index` of the last checked record. */
function copyToken(target: Uint8Array, at: number, bytes: Uint8Array, index: number): number {
  return copy(target, at, bytes, starts[index]!, ends[index]!);
}

function writeCloud(target: Uint8Array, at: number, bytes: Uint8Array, account: number, fallback: Uint8Array | undefined): number {
  if (account < 0 || values[account] === ABSENT) {
    if (fallback === undefined) return put(target, at, CLOUD_BARE);
    return put(target, putQuoted(target, put(target, at, CLOUD_OPEN), fallback), CLOUD_CLOSE);
  }
  at = putQuoted(target, put(target, at, CLOUD_OPEN), bytes, starts[account]!, ends[account]!);
  return put(target, at, CLOUD_CLOSE);
}

function writeObserver(target: Uint8Array, at: number, bytes: Uint8Array, index: number): number {
  if (index < 0 || values[index] === ABSENT) return at;
  at = putQuoted(target, put(target, at, OBSERVER_OPEN), bytes, starts[index]!, ends[index]!);
  return put(target, at, OBSERVER_CLOSE);
}

// Records of a file share few start and end values: their text, encoded, in
// a direct-mapped cache beside formatTimestamp's own.
const TIMESTAMP_SLOTS = 64;
const timestampValues = new Float64Array(TIMESTAMP_SLOTS).fill(Number.NaN);
const timestampTexts: Uint8Array[] = Array.from({ length: TIMESTAMP_SLOTS }, () => new Uint8Array(0));

function timestampBytes(value: number): Uint8Array {
  const slot = value % TIMESTAMP_SLOTS;
  if (timestampValues[slot] === value) return timestampTexts[slot]!;
  const text = encoder.encode(formatTimestamp(value));
  timestampValues[slot] = value;
  timestampTexts[slot] = text;
  return text;
}

const latin1 = new TextDecoder('latin1');

// Field `field` of the last checked record: its text (a slice of the message,
// whose character offsets are byte offsets), or its number.
function textAt(message: string, lineStart: number, field: number): string | undefined {
  return field < 0 || values[field] === ABSENT ? undefined : message.slice(starts[field]! - lineStart, ends[field]! - lineStart);
}

function numberAt(field: number): number | undefined {
  return field < 0 || values[field] === ABSENT ? undefined : values[field]!;
}

// Node's Buffer decodes a range without a view object; elsewhere TextDecoder.
function decodeAscii(bytes: Uint8Array, start: number, end: number): string {
  const slice = (bytes as { latin1Slice?: (start: number, end: number) => string }).latin1Slice;
  return typeof slice === 'function' ? slice.call(bytes, start, end) : latin1.decode(bytes.subarray(start, end));
}

/**
 * The same fast lane for the object path: a plain record's message and the
 * fields the standard mapping reads, as a record for `mapRecord`; undefined
 * when the text lane must decide. Only plain ASCII gets here, so character
 * offsets are byte offsets and one decode serves every field.
 */
export function readStandardFields(bytes: Uint8Array, start: number, end: number, layout: FlowLogLayout | undefined): { record: FlowLogRecord; message: string } | undefined {
  const plan = checkPlainRecord(bytes, start, end, layout);
  if (plan === undefined) return undefined;
  const message = decodeAscii(bytes, start, end);
  const action = numberAt(plan.action);
  const status = numberAt(plan.status);
  const record: FlowLogRecord = {
    account_id: textAt(message, start, plan.account),
    interface_id: textAt(message, start, plan.interface),
    srcaddr: textAt(message, start, plan.source),
    dstaddr: textAt(message, start, plan.destination),
    srcport: numberAt(plan.sourcePort),
    dstport: numberAt(plan.destinationPort),
    protocol: numberAt(plan.protocol),
    packets: numberAt(plan.packets),
    bytes: numberAt(plan.bytes),
    start: numberAt(plan.start),
    end: numberAt(plan.end),
    action: action === undefined ? undefined : action === 1 ? 'ACCEPT' : 'REJECT',
    log_status: status === undefined ? undefined : status === 1 ? 'OK' : status === 2 ? 'NODATA' : 'SKIPDATA',
  };
  return { record, message };
}
