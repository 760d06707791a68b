import type { FlowLogValue } from './decode-token';

/**
 * One record as named fields, keyed by underscore name (`log_status`). Text
 * lines, JSON objects and columnar rows all decode to this before mapping.
 * Integer and timestamp fields hold numbers, the others strings; absent
 * fields (`-`, `null`) are left out.
 */
export interface FlowLogRecord {
  [key: string]: FlowLogValue | undefined;
}
