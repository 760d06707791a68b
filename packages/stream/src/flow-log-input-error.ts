import { FlowLogParseError } from '@flowecs/parser';
import { describeValue } from '@flowecs/parser/framing';

/** The codes of `FlowLogInputError`, each with what it means. */
export const flowLogInputErrorCodes = {
  'gzip-truncated':
    'The gzip data ends early (an interrupted download or upload); the lines before the cut were delivered.',
  'gzip-corrupt': 'The gzip data is damaged, or followed by bytes that are not gzip.',
  'read-failed': 'The input cannot be opened or read: missing, a directory, no permission, or an I/O error.',
  'invalid-envelope':
    'CloudWatch Logs input holds text that is not an envelope (or ends inside one); the records before it were delivered.',
  'envelope-too-large':
    'A CloudWatch Logs envelope is over 16 MiB, far more than AWS sends: refused before it is held whole.',
  'invalid-parquet':
    'The Parquet file is truncated or damaged, claims sizes it cannot hold, or has columns no flow log has.',
  'parquet-needs-file':
    'Parquet was given on a stream (standard input): it can only be read from a file, which allows random access.',
  'invalid-chunk':
    'A flow stream was written something other than text: a string, a Buffer or Uint8Array, or a batch of records.',
} as const;

export type FlowLogInputErrorCode = keyof typeof flowLogInputErrorCodes;

/** An input that cannot be read to its end: missing file, truncated or corrupt gzip, a broken envelope or Parquet file. */
export class FlowLogInputError extends Error {
  override readonly name = 'FlowLogInputError';
  readonly code: FlowLogInputErrorCode;
  readonly source: string;
  /** Complete lines (records, for envelopes and Parquet) delivered before the failure. */
  readonly linesRead: number;

  constructor(code: FlowLogInputErrorCode, message: string, source: string, linesRead: number, cause: unknown) {
    super(message, { cause });
    this.code = code;
    this.source = source;
    this.linesRead = linesRead;
  }
}

/** The typed error for whatever stopped an input. */
export function describeFailure(
  error: unknown,
  source: string,
  compressed: boolean,
  linesRead: number,
): FlowLogInputError {
  if (error instanceof FlowLogInputError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const after = `after ${linesRead} ${linesRead === 1 ? 'line' : 'lines'}`;
  if (compressed && code === 'Z_BUF_ERROR') {
    return new FlowLogInputError(
      'gzip-truncated',
      `${source}: the gzip data is truncated (${reason}) ${after}.`,
      source,
      linesRead,
      error,
    );
  }
  if (compressed && typeof code === 'string' && code.startsWith('Z_')) {
    return new FlowLogInputError(
      'gzip-corrupt',
      `${source}: the gzip data is corrupt (${reason}) ${after}.`,
      source,
      linesRead,
      error,
    );
  }
  if (
    error instanceof FlowLogParseError &&
    (error.code === 'invalid-envelope' || error.code === 'envelope-too-large')
  ) {
    return new FlowLogInputError(error.code, `${source}: ${reason} (${after})`, source, linesRead, error);
  }
  return new FlowLogInputError(
    'read-failed',
    `${source}: cannot be read (${reason}) ${after}.`,
    source,
    linesRead,
    error,
  );
}

/** A chunk a flow stream cannot read: neither text nor record batches. */
export function invalidChunkError(input: unknown, source: string | undefined): FlowLogInputError {
  const label = source ?? 'input';
  return new FlowLogInputError(
    'invalid-chunk',
    `${label}: a flow stream reads text (a string, a Buffer or a Uint8Array) or record batches, not ${describeValue(input)}.`,
    label,
    0,
    undefined,
  );
}
