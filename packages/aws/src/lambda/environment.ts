import type { ConversionOptions, OutputLocation } from '../handler-settings';

/**
 * The entry points' settings, from documented environment variables:
 * - `FLOWECS_OUTPUT_BUCKET` (S3 and CloudWatch Logs handlers: required), `FLOWECS_OUTPUT_PREFIX`;
 * - `FLOWECS_ERRORS_PREFIX` (default `flowecs-errors/`);
 * - `FLOWECS_PROFILE` (`standard`, the default, `extended` or `ocsf`);
 * - `FLOWECS_FORMAT` (the flow log's format string, for records without a header);
 * - `FLOWECS_FILTER` (only records that pass this expression become events, as the CLI's `--where`).
 * Read at cold start: a missing or bad value stops the function there, with the variable named.
 */
export function readEnvironment(
  environment: NodeJS.ProcessEnv,
): ConversionOptions & { output: OutputLocation | undefined; errorsPrefix: string | undefined } {
  const value = (name: string) => {
    const text = environment[name];
    return text === undefined || text === '' ? undefined : text;
  };
  const bucket = value('FLOWECS_OUTPUT_BUCKET');
  return {
    output: bucket === undefined ? undefined : { bucket, prefix: value('FLOWECS_OUTPUT_PREFIX') },
    errorsPrefix: value('FLOWECS_ERRORS_PREFIX'),
    profile: value('FLOWECS_PROFILE') as ConversionOptions['profile'],
    format: value('FLOWECS_FORMAT'),
    filter: value('FLOWECS_FILTER'),
  };
}

/** Makes the handler, or stops the cold start with what is wrong and where it is set. */
export function atColdStart<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    const message = (error as Error).message
      .replace('output.bucket', 'FLOWECS_OUTPUT_BUCKET')
      .replace('profile must', 'FLOWECS_PROFILE must')
      .replace('the format', 'FLOWECS_FORMAT: the format')
      .replace('the filter', 'FLOWECS_FILTER: the filter');
    throw new Error(`${message} (set in the function's environment variables)`, { cause: error });
  }
}
