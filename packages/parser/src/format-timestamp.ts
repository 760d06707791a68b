/** Start and end values above this are epoch milliseconds, not seconds. */
export const MILLISECONDS_THRESHOLD = 1e11;

// Records of one file share a handful of start/end values: a small
// direct-mapped cache turns most calls into one array read.
const CACHE_SIZE = 256;
const cachedValues = new Float64Array(CACHE_SIZE).fill(Number.NaN);
const cachedTexts: string[] = Array.from({ length: CACHE_SIZE }, () => '');
const twoDigits = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));

/**
 * Formats an epoch value (seconds, or milliseconds above 10^11) as
 * `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm` only when a millisecond input has a
 * fraction. Pure arithmetic, no `Date`: this runs twice per record.
 */
export function formatTimestamp(value: number): string {
  const slot = value % CACHE_SIZE;
  if (cachedValues[slot] === value) return cachedTexts[slot]!;
  const text = format(value);
  cachedValues[slot] = value;
  cachedTexts[slot] = text;
  return text;
}

function format(value: number): string {
  const milliseconds = value > MILLISECONDS_THRESHOLD ? value : value * 1000;
  const fraction = milliseconds % 1000;
  const seconds = (milliseconds - fraction) / 1000;
  const days = Math.floor(seconds / 86400);
  const secondOfDay = seconds - days * 86400;
  // Civil date from days since 1970-01-01 (proleptic Gregorian calendar).
  const shifted = days + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const second = secondOfDay % 60;
  return (
    `${String(year).padStart(4, '0')}-${twoDigits[month]}-${twoDigits[day]}T${twoDigits[hour]}:${twoDigits[minute]}:${twoDigits[second]}` +
    (fraction === 0 ? 'Z' : `.${String(fraction).padStart(3, '0')}Z`)
  );
}
