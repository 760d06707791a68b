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
 * Writes an epoch value (seconds, or milliseconds above 10^11) as ASCII
 * `YYYY-MM-DDTHH:MM:SSZ` into `target` at `at`, with `.mmm` only when a
 * millisecond input has a fraction; returns the offset after it. Pure
 * arithmetic, no `Date` and no string: NDJSON output writes it straight into
 * its buffer, and `formatTimestamp` is derived from it.
 */
export function writeTimestamp(target: Uint8Array, at: number, value: number): number {
  const milliseconds = value > MILLISECONDS_THRESHOLD ? value : value * 1000;
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
  if (fraction !== 0) {
    target[at] = 46;
    target[at + 1] = 48 + ((fraction / 100) | 0);
    putTwo(target, at + 2, fraction % 100);
    at += 4;
  }
  target[at] = 90;
  return at + 1;
}

// Records of one file often share start/end values: a small direct-mapped
// cache turns most calls into one array read.
const CACHE_SIZE = 256;
const cachedValues = new Float64Array(CACHE_SIZE).fill(Number.NaN);
const cachedTexts: string[] = Array.from({ length: CACHE_SIZE }, () => '');
const scratch = new Uint8Array(MAX_TIMESTAMP_LENGTH);

/** `writeTimestamp`'s text as a string (the object path's form). */
export function formatTimestamp(value: number): string {
  const slot = value % CACHE_SIZE;
  if (cachedValues[slot] === value) return cachedTexts[slot]!;
  const s = scratch;
  const length = writeTimestamp(s, 0, value);
  // Explicit arguments (several times faster than apply() or a decoder),
  // always the longest form; a shorter text is cut to its length.
  const text = String.fromCharCode(
    s[0]!,
    s[1]!,
    s[2]!,
    s[3]!,
    s[4]!,
    s[5]!,
    s[6]!,
    s[7]!,
    s[8]!,
    s[9]!,
    s[10]!,
    s[11]!,
    s[12]!,
    s[13]!,
    s[14]!,
    s[15]!,
    s[16]!,
    s[17]!,
    s[18]!,
    s[19]!,
    s[20]!,
    s[21]!,
    s[22]!,
    s[23]!,
  ).slice(0, length);
  cachedValues[slot] = value;
  cachedTexts[slot] = text;
  return text;
}
