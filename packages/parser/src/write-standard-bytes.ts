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

function valueAt(field: number): number {
  return field < 0 ? ABSENT : values[field]!;
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
  /** The tokens after COMPLETE_HEAD's and COMPLETE_TAIL's fragments (writeCompleteTraffic). */
  readonly completeHead: Int32Array;
  readonly completeTail: Int32Array;
  /** For guessed layouts: the prefix or words a string field must match. */
  readonly shapes: readonly ({ readonly bytes: Uint8Array; readonly exact: boolean }[] | undefined)[];
}

const plans = new WeakMap<FlowLogLayout, Plan>();
// Lines of a file share one layout: the last plan saves a WeakMap lookup per line.
let lastLayout: FlowLogLayout | undefined;
let lastPlan: Plan | undefined;
const encoder = new TextEncoder();

function planFor(layout: FlowLogLayout): Plan {
  if (layout === lastLayout) return lastPlan!;
  let plan = plans.get(layout);
  if (plan !== undefined) {
    lastLayout = layout;
    lastPlan = plan;
    return plan;
  }
  const position = (key: string) => layout.keys.indexOf(key);
  const fields = {
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
  };
  plan = {
    ...fields,
    completeHead: Int32Array.of(fields.destination, fields.destination, fields.destinationPort, fields.protocol),
    completeTail: Int32Array.of(fields.source, fields.bytes, fields.source, fields.packets, fields.sourcePort),
    shapes: layout.fields.map(definition => {
      const shape = definition.shape;
      if (shape === undefined || definition.type !== 'string') return undefined;
      return 'prefix' in shape ? [{ bytes: encoder.encode(shape.prefix), exact: false }] : shape.oneOf.map(word => ({ bytes: encoder.encode(word), exact: true }));
    }),
  };
  plans.set(layout, plan);
  return plan;
}

// readInteger and scanDottedQuad read bytes; decode-token.ts and
// decode-text-record.ts have their twins for strings (readCanonicalInteger,
// isDottedQuad). Two hot paths, two input types: the equivalence tests (byte
// lane = text lane, isDottedQuad = ipaddr.js) hold them together.
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

/**
 * Reads a dotted quad from `bytes[index, end)` as it scans: four parts of one
 * to three digits, at most 255, no leading zero. Returns where it stops (the
 * first byte that cannot continue it), or -1 when what it read is no dotted
 * quad. The caller checks that the token ends there.
 */
function scanDottedQuad(bytes: Uint8Array, index: number, end: number): number {
  let parts = 0;
  let part = 0;
  let digits = 0;
  while (index < end) {
    const byte = bytes[index]!;
    if (byte >= 48 && byte <= 57) {
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + byte - 48;
      if (++digits > 3 || part > 255) return -1;
    } else if (byte === 46 && digits > 0 && parts < 3) {
      parts++;
      part = 0;
      digits = 0;
    } else break;
    index++;
  }
  return parts === 3 && digits > 0 ? index : -1;
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

// The writers below take the output array and an offset and return the new
// offset: no bounds checks (the caller reserved enough) and no method calls.

/** A fixed fragment: short ones byte by byte, long ones with one native copy. */
function put(target: Uint8Array, at: number, fragment: Uint8Array): number {
  const length = fragment.length;
  if (length > 24) target.set(fragment, at);
  else for (let index = 0; index < length; index++) target[at + index] = fragment[index]!;
  return at + length;
}

/** `source[start, end)`, byte by byte. */
function copy(target: Uint8Array, at: number, source: Uint8Array, start: number, end: number): number {
  for (let index = start; index < end; index++) target[at++] = source[index]!;
  return at;
}

/** Token `index` of the last checked record. */
function copyToken(target: Uint8Array, at: number, bytes: Uint8Array, index: number): number {
  return copy(target, at, bytes, starts[index]!, ends[index]!);
}

/** A range (or a whole fragment), then a closing quote. */
function putQuoted(target: Uint8Array, at: number, source: Uint8Array, start = 0, end = source.length): number {
  at = copy(target, at, source, start, end);
  target[at] = QUOTE;
  return at + 1;
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

const bytesOf = (text: string) => encoder.encode(text);
const ACCEPT = bytesOf('ACCEPT');
const REJECT = bytesOf('REJECT');
const OK = bytesOf('OK');
const NODATA = bytesOf('NODATA');
const SKIPDATA = bytesOf('SKIPDATA');
const UNKNOWN = bytesOf('unknown');
const QUOTE = 34;
const BRACE = 125;
const COMMA_QUOTE = bytesOf(',"');
const CLOSE = bytesOf('}');
const CLOSE_NEWLINE = bytesOf('}\n');
const CLOSE_NEWLINE_2 = bytesOf('}}\n');
const MESSAGE = bytesOf('{"message":"');
const EVENT = bytesOf('","event":{"category":["network"]');
const EVENT_END = bytesOf(',"end":"');
const EVENT_START = bytesOf(',"start":"');
const CLOSE_TIMESTAMP = bytesOf('},"@timestamp":"');
const OUTCOME_OK = bytesOf(',"outcome":"ok"');
const OUTCOME_NODATA = bytesOf(',"outcome":"nodata"');
const OUTCOME_SKIPDATA = bytesOf(',"outcome":"skipdata"');
const ACTION_OPEN = bytesOf(',"action":{');
const NAME_ACCEPT = bytesOf('"name":"accept",');
const NAME_REJECT = bytesOf('"name":"reject",');
const ACTION_OUTCOME_OK = bytesOf('"outcome":"ok",');
const ACTION_OUTCOME_NODATA = bytesOf('"outcome":"nodata",');
const ACTION_OUTCOME_SKIPDATA = bytesOf('"outcome":"skipdata",');
const TARGET_TYPE_FORWARD = bytesOf('"target":"network-traffic","type":"forward"}');
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
const OBSERVER_OPEN = bytesOf(',"observer":{"ingress":{"interface":{"name":"');
const OBSERVER_CLOSE = bytesOf('}}}');
const RELATED_OPEN = bytesOf(',"related":{"ip":["');
const RELATED_CLOSE = bytesOf(']}');
const SOURCE_OPEN = bytesOf(',"source":{');
/** More than the fixed fragments and timestamps of any one line. */
const FIXED_BOUND = 1024;
// `,"transport":"<keyword>"` per protocol number; empty where IANA has none.
const transportTexts = Array.from({ length: 256 }, (_, protocol) => {
  const keyword = ianaProtocolKeyword(protocol);
  return keyword === undefined ? '' : `,"transport":${JSON.stringify(keyword)}`;
});
const transports: Uint8Array[] = transportTexts.map(bytesOf);

// The complete OK record (writeCompleteTraffic): fixed parts merged.
const COMPLETE_ACCEPT = bytesOf(',"action":{"name":"accept","outcome":"ok","target":"network-traffic","type":"forward"},"cloud":{"account":{"id":"');
const COMPLETE_REJECT = bytesOf(',"action":{"name":"reject","outcome":"ok","target":"network-traffic","type":"forward"},"cloud":{"account":{"id":"');
const COMPLETE_DESTINATION = bytesOf('"},"provider":"aws"},"destination":{"address":"');
const COMPLETE_IP = bytesOf('","ip":"');
const COMPLETE_PORT = bytesOf('","port":');
const COMPLETE_NETWORK = bytesOf('},"network":{"iana_number":"');
// The closing quote, the protocol's transport and the observer's opening.
const completeObservers: Uint8Array[] = transportTexts.map(transport => bytesOf(`"${transport}},"observer":{"ingress":{"interface":{"name":"`));
const COMPLETE_RELATED = bytesOf('"}}},"related":{"ip":["');
const COMPLETE_SECOND = bytesOf('","');
const COMPLETE_SOURCE = bytesOf('"]},"source":{"address":"');
const COMPLETE_BYTES = bytesOf('","bytes":');
const COMPLETE_PACKETS = bytesOf('","packets":');
// Paired with a plan's completeHead and completeTail tokens.
const COMPLETE_HEAD = [COMPLETE_DESTINATION, COMPLETE_IP, COMPLETE_PORT, COMPLETE_NETWORK];
const COMPLETE_TAIL = [COMPLETE_SOURCE, COMPLETE_BYTES, IP, COMPLETE_PACKETS, COMMA_PORT];

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
        index = scanDottedQuad(bytes, index, end);
        if (index === -1) return undefined;
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
