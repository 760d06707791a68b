/** JavaScript's own errors: what a damaged footer or page makes a decoder's code throw (a method of a number called, a read past a view). */
const ENGINE_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError];

/**
 * Why a Parquet footer or page cannot be read, in words about the file:
 * hyparquet's and flowecs's messages as they are, zlib's named as a GZIP
 * page's, and JavaScript's own errors (or messages that interpolate a
 * missing field: `undefined`, `NaN`) as `malformed`, never their text.
 */
export function parquetFailureReason(error: unknown, malformed: string): string {
  if (!(error instanceof Error) || ENGINE_ERRORS.some(kind => error instanceof kind)) return malformed;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) return `a GZIP page is corrupt (${error.message})`;
  return /\b(?:undefined|NaN|null)\b/.test(error.message) ? malformed : error.message;
}
