/** Start and end values above this are epoch milliseconds, not seconds. */
export const MILLISECONDS_THRESHOLD = 1e11;

/** The longest text `writeTimestamp` writes: `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
export const MAX_TIMESTAMP_LENGTH = 24;

// The ASCII digits of 0–99: tens at 2n, ones at 2n + 1.
const PAIRS = Uint8Array.from(
  { length: 200 },
  (_, index) => 48 + (index % 2 === 0 ? Math.floor(index / 20) : (index >> 1) % 10),
);

function putTwo(target: Uint8Array, at: number, value: number): void {
  target[at] = PAIRS[value * 2]!;
  target[at + 1] = PAIRS[value * 2 + 1]!;
}

/**
 * How a profile writes timestamp texts: `seconds` (the default) adds `.mmm`
 * only when a millisecond input has a fraction; `milliseconds` always does
 * (`2022-04-12T00:02:12.000Z`, as Security Lake writes OCSF times).
 */
export type TimestampPrecision = 'seconds' | 'milliseconds';

/** An epoch value (seconds, or milliseconds above 10^11) in milliseconds. */
export const epochMilliseconds = (value: number): number => (value > MILLISECONDS_THRESHOLD ? value : value * 1000);

/**
 * Writes an epoch value (seconds, or milliseconds above 10^11) as ASCII
 * `YYYY-MM-DDTHH:MM:SSZ` into `target` at `at`, with `.mmm` when a
 * millisecond input has a fraction or `precision` is `milliseconds`; returns
 * the offset after it. Pure arithmetic, no `Date` and no string: NDJSON
 * output writes it straight into its buffer, and `formatTimestamp` is
 * derived from it.
 */
export function writeTimestamp(
  target: Uint8Array,
  at: number,
  value: number,
  precision: TimestampPrecision = 'seconds',
): number {
  const milliseconds = epochMilliseconds(value);
  const fraction = milliseconds % 1000;
  const seconds = (milliseconds - fraction) / 1000;
  const days = Math.floor(seconds / 86400);
  // Small non-negative integers from here on: `| 0` floors them.
  const secondOfDay = seconds - days * 86400;
  // Civil date from days since 1970-01-01 (proleptic Gregorian calendar).
  const shifted = days + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra =
    ((dayOfEra - ((dayOfEra / 1460) | 0) + ((dayOfEra / 36524) | 0) - ((dayOfEra / 146096) | 0)) / 365) | 0;
  const dayOfYear = dayOfEra - (365 * yearOfEra + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0));
  const monthIndex = ((5 * dayOfYear + 2) / 153) | 0;
  const day = dayOfYear - (((153 * monthIndex + 2) / 5) | 0) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = (secondOfDay / 3600) | 0;
  const minute = ((secondOfDay % 3600) / 60) | 0;
  // Years 0–9999: the range of field maxima (9999-12-31T23:59:59.999Z).
  putTwo(target, at, (year / 100) | 0);
  putTwo(target, at + 2, year % 100);
  target[at + 4] = 45;
  putTwo(target, at + 5, month);
  target[at + 7] = 45;
  putTwo(target, at + 8, day);
  target[at + 10] = 84;
  putTwo(target, at + 11, hour);
  target[at + 13] = 58;
  putTwo(target, at + 14, minute);
  target[at + 16] = 58;
  putTwo(target, at + 17, secondOfDay % 60);
  at += 19;
  if (fraction !== 0 || precision === 'milliseconds') {
    target[at] = 46;
    target[at + 1] = 48 + ((fraction / 100) | 0);
    putTwo(target, at + 2, fraction % 100);
    at += 4;
  }
  target[at] = 90;
  return at + 1;
}

/**
 * Records of a file often share start and end values (aggregation
 * intervals): their text in a direct-mapped cache, as bytes for NDJSON and as
 * strings for objects. One per parser; a miss costs one compare and a write.
 */
export class TimestampCache {
  static readonly SLOTS = 256;
  readonly #values = new Float64Array(TimestampCache.SLOTS).fill(Number.NaN);
  readonly #bytes = new Uint8Array(TimestampCache.SLOTS * MAX_TIMESTAMP_LENGTH);
  readonly #lengths = new Uint8Array(TimestampCache.SLOTS);
  readonly #texts: (string | undefined)[] = Array.from({ length: TimestampCache.SLOTS }, () => undefined);

  constructor(readonly precision: TimestampPrecision = 'seconds') {}

  /** The slot of `value`, written if it was not there; its text is `bytes[base, base + length)`. */
  #slot(value: number): number {
    // `&`: the low bits of an integer above 2^31 too, without a floating-point remainder.
    const slot = value & (TimestampCache.SLOTS - 1);
    if (this.#values[slot] !== value) {
      const base = slot * MAX_TIMESTAMP_LENGTH;
      this.#lengths[slot] = writeTimestamp(this.#bytes, base, value, this.precision) - base;
      this.#values[slot] = value;
      this.#texts[slot] = undefined;
    }
    return slot;
  }

  readonly #view = new DataView(this.#bytes.buffer);

  /** Writes `value`'s text at `target[at]` (`view`: a DataView of `target`); returns the offset after it. */
  write(target: Uint8Array, view: DataView, at: number, value: number): number {
    const slot = this.#slot(value);
    let from = slot * MAX_TIMESTAMP_LENGTH;
    const end = from + this.#lengths[slot]!;
    // 4 bytes at a time: the shortest text (20 bytes) is 5 words.
    for (; from + 4 <= end; from += 4, at += 4) view.setUint32(at, this.#view.getUint32(from));
    for (; from < end; from++) target[at++] = this.#bytes[from]!;
    return at;
  }

  /** `value`'s text as a string (the object path's form). */
  text(value: number): string {
    const slot = this.#slot(value);
    let text = this.#texts[slot];
    if (text === undefined) {
      const base = slot * MAX_TIMESTAMP_LENGTH;
      text = asciiText(this.#bytes, base, this.#lengths[slot]!);
      this.#texts[slot] = text;
    }
    return text;
  }
}

/**
 * `bytes[at, at + length)` as a string: explicit arguments (several times
 * faster than apply() or a decoder), always the longest form, then cut.
 */
function asciiText(s: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(
    s[at]!,
    s[at + 1]!,
    s[at + 2]!,
    s[at + 3]!,
    s[at + 4]!,
    s[at + 5]!,
    s[at + 6]!,
    s[at + 7]!,
    s[at + 8]!,
    s[at + 9]!,
    s[at + 10]!,
    s[at + 11]!,
    s[at + 12]!,
    s[at + 13]!,
    s[at + 14]!,
    s[at + 15]!,
    s[at + 16]!,
    s[at + 17]!,
    s[at + 18]!,
    s[at + 19]!,
    s[at + 20]!,
    s[at + 21]!,
    s[at + 22]!,
    s[at + 23]!,
  ).slice(0, length);
}

/** `writeTimestamp`'s text as a string. */
export function formatTimestamp(value: number, precision: TimestampPrecision = 'seconds'): string {
  const bytes = new Uint8Array(MAX_TIMESTAMP_LENGTH);
  return asciiText(bytes, 0, writeTimestamp(bytes, 0, value, precision));
}
