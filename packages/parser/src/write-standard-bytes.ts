import { guessLayout, typeCodes, type FlowLogLayout } from './flow-log-layout';
import { formatTimestamp } from './format-timestamp';
import { ianaProtocolKeyword } from './iana-protocol-keyword';
import type { FlowLogRecord } from './flow-log-record';
import type { NdjsonWriter } from './ndjson-writer';

/**
 * The fast lane for NDJSON output in the standard profile: a text record read
 * straight from its UTF-8 bytes and written as JSON bytes, values copied from
 * the input. It takes only plain lines (printable ASCII without quotes or
 * backslashes, IPv4 addresses, every value valid); for anything else it
 * returns -1 and writes nothing, and the caller parses the line as text,
 * which gives the same bytes or the precise error. A test holds the lanes
 * equal on every fixture and on random records.
 *
 * The range holds no line terminator (the caller drops `\n` and `\r`).
 *
 * Returns the record's log status (0 none, 1 OK, 2 NODATA, 3 SKIPDATA), or -1.
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
        if (!isDottedQuad(bytes, tokenBegin, tokenEnd)) return undefined;
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

export function writeStandardBytes(bytes: Uint8Array, start: number, end: number, layout: FlowLogLayout | undefined, out: NdjsonWriter): number {
  const plan = checkPlainRecord(bytes, start, end, layout);
  if (plan === undefined) return -1;
  const at = (field: number) => (field < 0 ? ABSENT : values[field]!);
  const statusCode = at(plan.status) === ABSENT ? 0 : at(plan.status);
  const statusOnly = statusCode === 2 || statusCode === 3;
  const startValue = at(plan.start);
  const endValue = at(plan.end);
  const startText = startValue === ABSENT ? undefined : formatTimestamp(startValue);

  out.reserve(end - start + 1024);
  out.raw(MESSAGE);
  out.raw(QUOTE);
  out.copy(bytes, start, end);
  out.raw(EVENT);
  if (endValue !== ABSENT) quoted(out, EVENT_END, formatTimestamp(endValue));
  if (statusCode !== 0) out.raw(statusCode === 1 ? OUTCOME_OK : statusCode === 2 ? OUTCOME_NODATA : OUTCOME_SKIPDATA);
  if (startText !== undefined) quoted(out, EVENT_START, startText);
  out.raw(CLOSE);
  if (startText !== undefined) quoted(out, TIMESTAMP, startText);

  if (statusOnly) {
    out.raw(statusCode === 2 ? ACTION_NODATA : ACTION_SKIPDATA);
    writeCloud(out, bytes, plan.account);
    writeObserver(out, bytes, plan.interface);
    out.raw(CLOSE);
    return statusCode;
  }

  const source = plan.source >= 0 && values[plan.source] !== ABSENT ? plan.source : -1;
  const destination = plan.destination >= 0 && values[plan.destination] !== ABSENT ? plan.destination : -1;
  const sourcePort = present(plan.sourcePort);
  const destinationPort = present(plan.destinationPort);
  const byteCount = present(plan.bytes);
  const packets = present(plan.packets);
  const protocol = at(plan.protocol);
  const action = at(plan.action);
  const hasDestination = destination >= 0 || destinationPort >= 0;
  const hasSource = source >= 0 || sourcePort >= 0 || byteCount >= 0 || packets >= 0;

  out.raw(ACTION_OPEN);
  if (action !== ABSENT) out.raw(action === 1 ? NAME_ACCEPT : NAME_REJECT);
  if (statusCode === 1) out.raw(ACTION_OUTCOME_OK);
  if (hasSource || hasDestination) out.raw(TARGET);
  out.raw(TYPE_FORWARD);
  writeCloud(out, bytes, plan.account);
  if (hasDestination) {
    out.raw(DESTINATION_OPEN);
    if (destination >= 0) {
      token(out, ADDRESS, bytes, destination, QUOTE);
      token(out, IP, bytes, destination, QUOTE);
    }
    if (destinationPort >= 0) token(out, destination >= 0 ? COMMA_PORT : PORT, bytes, destinationPort, undefined);
    out.raw(CLOSE);
  }
  if (protocol !== ABSENT) {
    token(out, NETWORK_OPEN, bytes, plan.protocol, QUOTE);
    const transport = ianaProtocolKeyword(protocol);
    if (transport !== undefined) {
      out.raw(TRANSPORT);
      out.string(transport);
    }
    out.raw(CLOSE);
  }
  writeObserver(out, bytes, plan.interface);
  if (source >= 0 || destination >= 0) {
    out.raw(RELATED_OPEN);
    if (source < 0) token(out, QUOTE, bytes, destination, QUOTE);
    else if (destination < 0 || compareTokens(bytes, source, destination) === 0) token(out, QUOTE, bytes, source, QUOTE);
    else {
      const ordered = compareTokens(bytes, source, destination) < 0;
      token(out, QUOTE, bytes, ordered ? source : destination, QUOTE);
      token(out, COMMA_QUOTE, bytes, ordered ? destination : source, QUOTE);
    }
    out.raw(RELATED_CLOSE);
  }
  if (hasSource) {
    out.raw(SOURCE_OPEN);
    let separated = false;
    if (source >= 0) {
      token(out, ADDRESS, bytes, source, QUOTE);
      separated = true;
    }
    if (byteCount >= 0) {
      token(out, separated ? COMMA_BYTES : BYTES, bytes, byteCount, undefined);
      separated = true;
    }
    if (source >= 0) token(out, IP, bytes, source, QUOTE);
    if (packets >= 0) {
      token(out, separated ? COMMA_PACKETS : PACKETS, bytes, packets, undefined);
      separated = true;
    }
    if (sourcePort >= 0) token(out, separated ? COMMA_PORT : PORT, bytes, sourcePort, undefined);
    out.raw(CLOSE);
  }
  out.raw(CLOSE);
  return statusCode;
}

const MAX_FIELDS = 128;
const starts = new Int32Array(MAX_FIELDS);
const ends = new Int32Array(MAX_FIELDS);
/** Per position: -1 absent, -2 present (text), otherwise the number or code. */
const values = new Float64Array(MAX_FIELDS);
const ABSENT = -1;
const PRESENT = -2;

function present(field: number): number {
  return field >= 0 && values[field] !== ABSENT ? field : -1;
}

interface Plan {
  readonly source: number;
  readonly destination: number;
  readonly sourcePort: number;
  readonly destinationPort: number;
  readonly bytes: number;
  readonly packets: number;
  readonly protocol: number;
  readonly start: number;
  readonly end: number;
  readonly action: number;
  readonly status: number;
  readonly account: number;
  readonly interface: number;
  /** For guessed layouts: the prefix or words a string field must match. */
  readonly shapes: readonly ({ readonly bytes: Uint8Array; readonly exact: boolean }[] | undefined)[];
}

const plans = new WeakMap<FlowLogLayout, Plan>();
const encoder = new TextEncoder();

function planFor(layout: FlowLogLayout): Plan {
  let plan = plans.get(layout);
  if (plan !== undefined) return plan;
  const position = (key: string) => layout.keys.indexOf(key);
  plan = {
    source: position('srcaddr'),
    destination: position('dstaddr'),
    sourcePort: position('srcport'),
    destinationPort: position('dstport'),
    bytes: position('bytes'),
    packets: position('packets'),
    protocol: position('protocol'),
    start: position('start'),
    end: position('end'),
    action: position('action'),
    status: position('log_status'),
    account: position('account_id'),
    interface: position('interface_id'),
    shapes: layout.fields.map(definition => {
      const shape = definition.shape;
      if (shape === undefined || definition.type !== 'string') return undefined;
      return 'prefix' in shape ? [{ bytes: encoder.encode(shape.prefix), exact: false }] : shape.oneOf.map(word => ({ bytes: encoder.encode(word), exact: true }));
    }),
  };
  plans.set(layout, plan);
  return plan;
}

// readInteger and isDottedQuad read bytes; decode-token.ts and
// decode-text-record.ts have their twins for strings. Two hot paths, two input types: the equivalence tests
// (byte lane = text lane, isDottedQuad = ipaddr.js) hold all four together.
function readInteger(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length > 1 && bytes[start] === 48) return -1;
  if (length > 16) return Number.POSITIVE_INFINITY;
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = bytes[index]! - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function isDottedQuad(bytes: Uint8Array, start: number, end: number): boolean {
  let parts = 0;
  let index = start;
  while (index <= end) {
    let value = 0;
    let digits = 0;
    let first = -1;
    while (index < end) {
      const digit = bytes[index]! - 48;
      if (digit < 0 || digit > 9) break;
      if (digits === 0) first = digit;
      value = value * 10 + digit;
      digits++;
      index++;
    }
    if (digits === 0 || digits > 3 || value > 255 || (first === 0 && digits > 1)) return false;
    parts++;
    if (index === end) return parts === 4;
    if (bytes[index] !== 46 || parts === 4) return false;
    index++;
  }
  return false;
}

function isAccount(bytes: Uint8Array, start: number, end: number): boolean {
  if (equals(bytes, start, end, UNKNOWN)) return true;
  for (let index = start; index < end; index++) {
    const byte = bytes[index]!;
    if (byte < 48 || byte > 57) return false;
  }
  return end > start;
}

function equals(bytes: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  return end - start === word.length && startsWith(bytes, start, end, word, true);
}

function startsWith(bytes: Uint8Array, start: number, end: number, word: Uint8Array, exact: boolean): boolean {
  if (exact ? end - start !== word.length : end - start < word.length) return false;
  for (let index = 0; index < word.length; index++) if (bytes[start + index] !== word[index]) return false;
  return true;
}

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

/** `prefix`, token `field` copied from the line, then `suffix`. */
function token(out: NdjsonWriter, prefix: Uint8Array, bytes: Uint8Array, field: number, suffix: Uint8Array | undefined): void {
  out.raw(prefix);
  out.copy(bytes, starts[field]!, ends[field]!);
  if (suffix !== undefined) out.raw(suffix);
}

function quoted(out: NdjsonWriter, prefix: Uint8Array, text: string): void {
  out.raw(prefix);
  out.ascii(text);
  out.raw(QUOTE);
}

function writeCloud(out: NdjsonWriter, bytes: Uint8Array, account: number): void {
  if (account < 0 || values[account] === ABSENT) out.raw(CLOUD_BARE);
  else {
    token(out, CLOUD_OPEN, bytes, account, QUOTE);
    out.raw(CLOUD_CLOSE);
  }
}

function writeObserver(out: NdjsonWriter, bytes: Uint8Array, field: number): void {
  if (field < 0 || values[field] === ABSENT) return;
  token(out, OBSERVER_OPEN, bytes, field, QUOTE);
  out.raw(OBSERVER_CLOSE);
}

const bytesOf = (text: string) => encoder.encode(text);
const ACCEPT = bytesOf('ACCEPT');
const REJECT = bytesOf('REJECT');
const OK = bytesOf('OK');
const NODATA = bytesOf('NODATA');
const SKIPDATA = bytesOf('SKIPDATA');
const UNKNOWN = bytesOf('unknown');
const QUOTE = bytesOf('"');
const COMMA_QUOTE = bytesOf(',"');
const CLOSE = bytesOf('}');
const MESSAGE = bytesOf('{"message":');
const EVENT = bytesOf('","event":{"category":["network"]');
const EVENT_END = bytesOf(',"end":"');
const EVENT_START = bytesOf(',"start":"');
const OUTCOME_OK = bytesOf(',"outcome":"ok"');
const OUTCOME_NODATA = bytesOf(',"outcome":"nodata"');
const OUTCOME_SKIPDATA = bytesOf(',"outcome":"skipdata"');
const TIMESTAMP = bytesOf(',"@timestamp":"');
const ACTION_NODATA = bytesOf(',"action":{"outcome":"nodata","type":"forward"}');
const ACTION_SKIPDATA = bytesOf(',"action":{"outcome":"skipdata","type":"forward"}');
const ACTION_OPEN = bytesOf(',"action":{');
const NAME_ACCEPT = bytesOf('"name":"accept",');
const NAME_REJECT = bytesOf('"name":"reject",');
const ACTION_OUTCOME_OK = bytesOf('"outcome":"ok",');
const TARGET = bytesOf('"target":"network-traffic",');
const TYPE_FORWARD = bytesOf('"type":"forward"}');
const CLOUD_BARE = bytesOf(',"cloud":{"provider":"aws"}');
const CLOUD_OPEN = bytesOf(',"cloud":{"account":{"id":"');
const CLOUD_CLOSE = bytesOf('},"provider":"aws"}');
const DESTINATION_OPEN = bytesOf(',"destination":{');
const ADDRESS = bytesOf('"address":"');
const IP = bytesOf(',"ip":"');
const PORT = bytesOf('"port":');
const COMMA_PORT = bytesOf(',"port":');
const BYTES = bytesOf('"bytes":');
const COMMA_BYTES = bytesOf(',"bytes":');
const PACKETS = bytesOf('"packets":');
const COMMA_PACKETS = bytesOf(',"packets":');
const NETWORK_OPEN = bytesOf(',"network":{"iana_number":"');
const TRANSPORT = bytesOf(',"transport":');
const OBSERVER_OPEN = bytesOf(',"observer":{"ingress":{"interface":{"name":"');
const OBSERVER_CLOSE = bytesOf('}}}');
const RELATED_OPEN = bytesOf(',"related":{"ip":[');
const RELATED_CLOSE = bytesOf(']}');
const SOURCE_OPEN = bytesOf(',"source":{');

/**
 * checkPlainRecord for a known layout in a single pass: each field is read
 * by its type as its bytes are scanned, so no byte is looked at twice.
 * Accepts exactly what the two-pass check accepts (tests hold the lanes equal).
 */
function readKnownLayout(bytes: Uint8Array, start: number, end: number, layout: FlowLogLayout): Plan | undefined {
  const { types, maxima } = layout;
  const count = types.length;
  let index = start;
  for (let field = 0; field < count; field++) {
    while (index < end && bytes[index] === 32) index++;
    if (index === end) return undefined;
    const tokenBegin = index;
    if (bytes[index] === 45 && (index + 1 === end || bytes[index + 1] === 32)) {
      starts[field] = index;
      ends[field] = ++index;
      values[field] = ABSENT;
      continue;
    }
    switch (types[field]) {
      case typeCodes.integer: {
        let value = 0;
        while (index < end) {
          const digit = bytes[index]! - 48;
          if (digit < 0 || digit > 9) break;
          value = value * 10 + digit;
          index++;
        }
        const length = index - tokenBegin;
        if (length === 0 || length > 16 || (length > 1 && bytes[tokenBegin] === 48) || value > maxima[field]!) return undefined;
        values[field] = value;
        break;
      }
      case typeCodes.address:
        while (index < end && bytes[index] !== 32) index++;
        if (!isDottedQuad(bytes, tokenBegin, index)) return undefined;
        values[field] = PRESENT;
        break;
      default: {
        while (index < end) {
          const byte = bytes[index]!;
          if (byte === 32) break;
          if (byte < 33 || byte > 126 || byte === 34 || byte === 92) return undefined;
          index++;
        }
        const type = types[field];
        if (type === typeCodes.action) {
          if (equals(bytes, tokenBegin, index, ACCEPT)) values[field] = 1;
          else if (equals(bytes, tokenBegin, index, REJECT)) values[field] = 2;
          else return undefined;
        } else if (type === typeCodes.status) {
          if (equals(bytes, tokenBegin, index, OK)) values[field] = 1;
          else if (equals(bytes, tokenBegin, index, NODATA)) values[field] = 2;
          else if (equals(bytes, tokenBegin, index, SKIPDATA)) values[field] = 3;
          else return undefined;
        } else if (type === typeCodes.account) {
          if (!isAccount(bytes, tokenBegin, index)) return undefined;
          values[field] = PRESENT;
        } else values[field] = PRESENT;
      }
    }
    // A value must end at a space or the end of the line.
    if (index < end && bytes[index] !== 32) return undefined;
    starts[field] = tokenBegin;
    ends[field] = index;
  }
  while (index < end && bytes[index] === 32) index++;
  return index === end ? planFor(layout) : undefined;
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
