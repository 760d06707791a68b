import {
  FilterSyntaxError,
  IpDatabaseError,
  NetworkInterfacesError,
  parseFilter,
  parseFormat,
  type FlowLogParserProfile,
} from '@flowecs/stream';
import { enrichmentOf } from './convert-file';
import { UsageError } from './usage-error';

/** `--profile`, or `--extended` (its alias); both only when they agree. */
export function profileOf(options: Record<string, unknown>): FlowLogParserProfile {
  const profile = options['profile'] as FlowLogParserProfile | undefined;
  if (options['extended'] !== true) return profile ?? 'standard';
  if (profile !== undefined && profile !== 'extended')
    throw new UsageError(`--extended is --profile extended: it cannot be given with --profile ${profile}.`);
  return 'extended';
}

/** `--format`, checked here so a bad format is a usage error, before any input is read. */
export function formatOf(options: Record<string, unknown>): string | undefined {
  const format = options['format'] as string | undefined;
  if (format === undefined) return undefined;
  try {
    parseFormat(format);
  } catch (error) {
    throw new UsageError(`--format: ${(error as Error).message}`);
  }
  return format;
}

/**
 * `--where`, parsed once here so a bad filter is a usage error naming what is
 * wrong and pointing at where (the streams parse the same text again).
 */
export function filterOf(options: Record<string, unknown>): string | undefined {
  const filter = options['where'] as string | undefined;
  if (filter === undefined) return undefined;
  try {
    parseFilter(filter);
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    // The expression with a caret under the place, when it is short enough to read.
    const pointer = filter.length <= 200 && !/[\n\r]/.test(filter) ? `\n  ${filter}\n  ${' '.repeat(error.at)}^` : '';
    throw new UsageError(`--where: ${error.message}${pointer}`);
  }
  return filter;
}

/**
 * `--geoip`, `--asn` and `--interfaces`: only with a profile that has a
 * place for them, and each file read here, so a missing, damaged or
 * wrong-type one is a usage error before any input is read.
 */
export function databasesOf(
  options: Record<string, unknown>,
  profile: FlowLogParserProfile,
): { geoip: string | undefined; asn: string | undefined; interfaces: readonly string[] | undefined } {
  const geoip = options['geoip'] as string | undefined;
  const asn = options['asn'] as string | undefined;
  const interfaces = options['interfaces'] as string[] | undefined;
  const flag = geoip !== undefined ? '--geoip' : asn !== undefined ? '--asn' : '--interfaces';
  if (geoip === undefined && asn === undefined && interfaces === undefined) return { geoip, asn, interfaces };
  if (profile === 'standard')
    throw new UsageError(
      `${flag} adds fields, and the standard profile is the contract: it never gains a field. Use --profile extended (or --profile ocsf).`,
    );
  try {
    enrichmentOf({ geoip, asn, interfaces });
  } catch (error) {
    if (error instanceof NetworkInterfacesError) throw new UsageError(`--interfaces: ${error.message}`);
    if (!(error instanceof IpDatabaseError)) throw error;
    throw new UsageError(`${error.source === geoip ? '--geoip' : '--asn'}: ${error.message}`);
  }
  return { geoip, asn, interfaces };
}
