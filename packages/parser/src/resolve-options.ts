import type { FlowLogLayout } from './flow-log-layout';
import type { FlowLogOrigin } from './flow-log-origin';
import { parseFilter, type FlowLogFilter } from './filter/parse-filter';
import { enrichProfile } from './enrich/enrich-profile';
import type { FlowLogEnrichment } from './enrich/ip-database';
import type { FlowLogProfile } from './map-with-profile';
import { describeValue, parseFormat, type FlowLogFormat } from './parse-format';
import { profiles } from './profiles';
import { sharedLayout } from './shared-layout';

/** Output profiles: `standard` is the contract; `extended` adds every other field; `ocsf` is OCSF 1.1.0 Network Activity. */
export type FlowLogParserProfile = keyof typeof profiles;

export interface FlowLogParserOptions {
  /**
   * The record layout: a field list (`parseFormat`'s result, or names) or a
   * format string as AWS shows it (`${version} ${account-id} …`). Without it,
   * header lines set the layout, and published layouts are recognised by
   * their field count.
   */
  readonly format?: string | readonly string[] | undefined;
  /**
   * `'standard'` (the default): exactly the contract's fields; `'extended'`:
   * those plus the rest of the record; `'ocsf'`: OCSF 1.1.0 Network Activity
   * as Amazon Security Lake writes it; or a profile of your own
   * (`defineProfile`).
   */
  readonly profile?: FlowLogParserProfile | FlowLogProfile | undefined;
  /** Longer records are refused (`line-too-long`) before any work. Default: no limit. */
  readonly maxLineLength?: number | undefined;
  /**
   * Where the records come from (see `readAwsLogsPath`): the account for
   * records without `account-id`; in the extended profile, the region and
   * the S3 bucket and key too.
   */
  readonly origin?: FlowLogOrigin | undefined;
  /**
   * Only records that pass it become events; the rest are `filtered`
   * results, decided before the profile maps them. An expression
   * (`'action == "REJECT" and dstport in [22, 3389]'`, see `parseFilter`) or
   * its parsed form. Invalid lines stay invalid whatever it says.
   */
  readonly filter?: string | FlowLogFilter | undefined;
  /**
   * What to enrich events with: GeoIP (`geoip`, a City or Country
   * database) and ASN (`asn`), as opened readers (`@flowecs/stream`'s
   * `openIpDatabase`), and network interfaces by id (`interfaces`, from
   * `readNetworkInterfaces`). The extended and OCSF profiles take them; the
   * standard profile refuses them (a `RangeError`), it never gains a field.
   */
  readonly enrich?: FlowLogEnrichment | undefined;
}

export interface ResolvedOptions {
  readonly format: FlowLogFormat | undefined;
  readonly layout: FlowLogLayout | undefined;
  readonly profile: FlowLogProfile;
  readonly maxLineLength: number;
  readonly origin: FlowLogOrigin | undefined;
  readonly filter: FlowLogFilter | undefined;
}

const defaults: ResolvedOptions = Object.freeze({
  format: undefined,
  layout: undefined,
  profile: profiles.standard,
  maxLineLength: Number.POSITIVE_INFINITY,
  origin: undefined,
  filter: undefined,
});
// parseRecord is called once per line by some users: resolve each options object once.
const resolved = new WeakMap<FlowLogParserOptions, ResolvedOptions>();

/** Validates options once, up front. Throws `invalid-format`, `FilterSyntaxError` or a `RangeError`. */
export function resolveOptions(options: FlowLogParserOptions | undefined): ResolvedOptions {
  if (options === undefined) return defaults;
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(`The parser's options must be an object, not ${describeValue(options)}.`);
  const cached = resolved.get(options);
  if (cached !== undefined) return cached;
  const profile = resolveEnrichment(resolveProfile(options.profile), options.enrich);
  const maxLineLength = checkMaxLineLength(options.maxLineLength) ?? Number.POSITIVE_INFINITY;
  const format = options.format === undefined ? undefined : parseFormat(options.format);
  checkOrigin(options.origin);
  const result: ResolvedOptions = Object.freeze({
    format,
    layout: format === undefined ? undefined : sharedLayout(format),
    profile,
    maxLineLength,
    origin: options.origin,
    filter: resolveFilter(options.filter),
  });
  resolved.set(options, result);
  return result;
}

/** A profile's name or definition, as its definition. */
function resolveProfile(profile: FlowLogParserOptions['profile']): FlowLogProfile {
  if (profile === undefined) return profiles.standard;
  if (typeof profile === 'object' && profile !== null && typeof profile.map === 'function') return profile;
  if (typeof profile === 'string' && Object.hasOwn(profiles, profile)) return profiles[profile as FlowLogParserProfile];
  const names = Object.keys(profiles).map(name => `"${name}"`);
  throw new RangeError(
    `Unknown profile ${describeValue(profile)}: the parser offers ${names.join(' and ')}, or a defineProfile() definition.`,
  );
}

/** The profile, enriched when `enrich` names a database. */
function resolveEnrichment(profile: FlowLogProfile, enrich: unknown): FlowLogProfile {
  if (enrich === undefined) return profile;
  if (typeof enrich !== 'object' || enrich === null || Array.isArray(enrich))
    throw new TypeError(`enrich must be an object ({ geoip, asn, interfaces }), not ${describeValue(enrich)}.`);
  const { geoip, asn, interfaces } = enrich as FlowLogEnrichment;
  if (interfaces !== undefined && !(interfaces instanceof Map))
    throw new TypeError(
      `enrich.interfaces must be a Map of interfaces by id (readNetworkInterfaces), not ${describeValue(interfaces)}.`,
    );
  for (const [name, database] of [
    ['geoip', geoip],
    ['asn', asn],
  ] as const) {
    if (
      database !== undefined &&
      (typeof database !== 'object' || database === null || typeof database.get !== 'function')
    )
      throw new TypeError(
        `enrich.${name} must be an opened database (with a get method), not ${describeValue(database)}.`,
      );
  }
  return geoip === undefined && asn === undefined && interfaces === undefined
    ? profile
    : enrichProfile(profile, { geoip, asn, interfaces });
}

/** A filter expression, parsed; a parsed filter as it is. */
function resolveFilter(filter: unknown): FlowLogFilter | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter === 'string') return parseFilter(filter);
  if (typeof filter === 'object' && filter !== null && 'tree' in filter && 'keys' in filter)
    return filter as FlowLogFilter;
  throw new TypeError(`filter must be an expression or parseFilter()'s result, not ${describeValue(filter)}.`);
}

/** `maxLineLength`: undefined, or a whole number of bytes, 1 or more (Infinity: no limit). */
function checkMaxLineLength(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value > 0)))
    throw new RangeError(`maxLineLength must be a whole number of bytes, 1 or more, not ${describeValue(value)}.`);
  return value;
}

const originKeys: readonly (keyof FlowLogOrigin)[] = ['accountId', 'region', 'logGroup', 'logStream', 'bucket', 'key'];

function checkOrigin(origin: unknown): void {
  if (origin === undefined) return;
  if (typeof origin !== 'object' || origin === null || Array.isArray(origin))
    throw new TypeError(`origin must be an object, not ${describeValue(origin)}.`);
  for (const key of originKeys) {
    const value = (origin as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== 'string')
      throw new TypeError(`origin.${key} must be a string, not ${describeValue(value)}.`);
  }
}
