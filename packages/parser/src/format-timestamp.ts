/** Start and end values above this are epoch milliseconds, not seconds. */
export const MILLISECONDS_THRESHOLD = 1e11;

let cachedValue = Number.NaN;
let cachedText = '';

/**
 * Formats an epoch value (seconds, or milliseconds above 10^11) as
 * `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm` only when a millisecond input has a
 * fraction. Pure arithmetic, no `Date`: this runs twice per record.
 */
export function formatTimestamp(value: number): string {
  if (value === cachedValue) return cachedText;
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
  const text =
    `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}` +
    (fraction === 0 ? 'Z' : `.${pad(fraction, 3)}Z`);
  cachedValue = value;
  cachedText = text;
  return text;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
