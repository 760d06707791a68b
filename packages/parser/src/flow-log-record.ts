import type { FlowLogValue } from './decode-token';
import type { FlowLogOrigin } from './flow-log-origin';

/**
 * One record as named fields, keyed by underscore name (`log_status`). Text
 * lines, JSON objects and columnar rows all decode to this before mapping.
 * Integer and timestamp fields hold numbers, the others strings; absent
 * fields (`-`, `null`) are left out.
 */
export interface FlowLogRecord {
  [key: string]: FlowLogValue | undefined;
}

/**
 * Values of fields this release does not know (a header or JSON key from a
 * newer AWS version), as `[key, text]` pairs with underscore keys. Only the
 * extended profile maps them (`aws.vpcflow.<key>`).
 */
export type UnknownFields = readonly (readonly [key: string, value: string])[];

/** Longest unknown value kept; longer ones are dropped (still counted). */
export const MAX_UNKNOWN_VALUE_LENGTH = 1024;

/** What the mapping knows of a record beyond its fields. */
export interface RecordContext {
  /** Values of fields this release does not know. */
  readonly unknown?: UnknownFields | undefined;
  /**
   * The delivery's own time for the record, in epoch milliseconds (the
   * CloudWatch Logs event timestamp): `@timestamp` when the record has
   * neither `start` nor `end`.
   */
  readonly eventTime?: number | undefined;
  readonly origin?: FlowLogOrigin | undefined;
}
