import type { ExtendedFlowLogEvent, FlowLogEvent } from '@flowecs/ecs-types';
import { createLayout, type FlowLogLayout } from './flow-log-layout';
import type { FlowLogOrigin } from './flow-log-origin';
import type { FlowLogRecord, RecordContext } from './flow-log-record';
import { deriveExtended, extendedDerivedKinds, extendedDerivedReads, type ExtendedDerived } from './derive-extended';
import { mapExtended } from './map-extended-record';
import { mapRecord } from './map-record';
import { describeValue, parseFormat, type FlowLogFormat } from './parse-format';

/**
 * One profile's mapping: a record, and what else is known of it, to an event.
 * `derived`: the record's derived values (`Derivation`), computed from the
 * record when not given.
 */
export type RecordMapper = (
  record: FlowLogRecord,
  message: string,
  context?: RecordContext,
  derived?: Readonly<Record<string, unknown>>,
) => FlowLogEvent | ExtendedFlowLogEvent;

/** A profile's values computed from several fields (derive-extended.ts), and how templates treat each. */
export interface Derivation {
  derive(record: FlowLogRecord): Readonly<Record<string, unknown>>;
  readonly kinds: Readonly<Record<string, 'number' | 'text' | 'word'>>;
  /** The record keys `derive` reads: NDJSON templates hand it a record of these alone. */
  readonly reads: readonly string[];
}

const mapExtendedProfile: RecordMapper = (record, message, context, derived) =>
  mapExtended(record, message, context, (derived as ExtendedDerived | undefined) ?? deriveExtended(record));
const extendedDerivation: Derivation = {
  derive: record => deriveExtended(record) as unknown as Readonly<Record<string, unknown>>,
  kinds: extendedDerivedKinds,
  reads: extendedDerivedReads,
};

/** Output profiles: `standard` is the contract; `extended` adds every other field. */
export type FlowLogParserProfile = 'standard' | 'extended';

export interface FlowLogParserOptions {
  /**
   * The record layout: a field list (`parseFormat`'s result, or names) or a
   * format string as AWS shows it (`${version} ${account-id} …`). Without it,
   * header lines set the layout, and published layouts are recognised by
   * their field count.
   */
  readonly format?: string | readonly string[] | undefined;
  /** `'standard'` (the default): exactly the contract's fields; `'extended'`: those plus the rest of the record. */
  readonly profile?: FlowLogParserProfile | undefined;
  /** Longer records are refused (`line-too-long`) before any work. Default: no limit. */
  readonly maxLineLength?: number | undefined;
  /**
   * Where the records come from (see `readAwsLogsPath`): the account for
   * records without `account-id`; in the extended profile, the region and
   * the S3 bucket and key too.
   */
  readonly origin?: FlowLogOrigin | undefined;
}

export interface ResolvedOptions {
  readonly format: FlowLogFormat | undefined;
  readonly map: RecordMapper;
  readonly derivation: Derivation | undefined;
  readonly layout: FlowLogLayout | undefined;
  readonly profile: FlowLogParserProfile;
  readonly maxLineLength: number;
  readonly origin: FlowLogOrigin | undefined;
}

const defaults: ResolvedOptions = Object.freeze({
  format: undefined,
  map: mapRecord,
  derivation: undefined,
  layout: undefined,
  profile: 'standard',
  maxLineLength: Number.POSITIVE_INFINITY,
  origin: undefined,
});
// parseRecord is called once per line by some users: resolve each options object once.
const resolved = new WeakMap<FlowLogParserOptions, ResolvedOptions>();

/** Validates options once, up front. Throws `invalid-format` or a `RangeError`. */
export function resolveOptions(options: FlowLogParserOptions | undefined): ResolvedOptions {
  if (options === undefined) return defaults;
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(`The parser's options must be an object, not ${describeValue(options)}.`);
  const cached = resolved.get(options);
  if (cached !== undefined) return cached;
  const profile = options.profile ?? 'standard';
  if (profile !== 'standard' && profile !== 'extended') {
    throw new RangeError(`Unknown profile "${String(profile)}": the parser offers "standard" and "extended".`);
  }
  const maxLineLength = checkMaxLineLength(options.maxLineLength) ?? Number.POSITIVE_INFINITY;
  const format = options.format === undefined ? undefined : parseFormat(options.format);
  checkOrigin(options.origin);
  const result: ResolvedOptions = Object.freeze({
    format,
    map: profile === 'extended' ? mapExtendedProfile : mapRecord,
    derivation: profile === 'extended' ? extendedDerivation : undefined,
    layout: format === undefined ? undefined : createLayout(format),
    profile,
    maxLineLength,
    origin: options.origin,
  });
  resolved.set(options, result);
  return result;
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
