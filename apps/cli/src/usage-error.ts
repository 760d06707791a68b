/** A mistake in the command line: exit code 2 with a one-line hint. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE_HINT = "Try 'flowecs --help' for more information.";
