import { flowAddress, matches } from '../flow-address';
import type { FlowLogRecord } from '../flow-log-record';
import type { FilterNode } from './parse-filter';

/**
 * Whether `record` passes the filter `node`. A record without a field fails
 * each condition on it (`not` then passes it). Addresses are compared as
 * addresses, by family: `2001:db8::1` is `2001:0db8::1`, but `::ffff:10.0.0.1`
 * is IPv6 and not `10.0.0.1`. `record` holds addresses the parser accepted.
 */
export function matchesFilter(node: FilterNode, record: FlowLogRecord): boolean {
  switch (node.kind) {
    case 'and':
      return matchesFilter(node.left, record) && matchesFilter(node.right, record);
    case 'or':
      return matchesFilter(node.left, record) || matchesFilter(node.right, record);
    case 'not':
      return !matchesFilter(node.operand, record);
    case 'compare':
      return compare(record[node.key], node.operator, node.value);
    case 'in': {
      const value = record[node.key];
      return value !== undefined && node.values.has(value as number | string);
    }
    case 'in-cidr': {
      const value = record[node.key];
      if (typeof value !== 'string') return false;
      const { bytes, kind } = flowAddress(value);
      const inside = node.ranges.some(range => range.family === kind && matches(bytes, 0, range.cidr));
      return inside !== node.negated;
    }
  }
}

function compare(
  value: unknown,
  operator: Extract<FilterNode, { kind: 'compare' }>['operator'],
  wanted: number | string,
) {
  if (value === undefined) return false;
  switch (operator) {
    case '==':
      return value === wanted;
    case '!=':
      return value !== wanted;
    case '<':
      return (value as number) < (wanted as number);
    case '<=':
      return (value as number) <= (wanted as number);
    case '>':
      return (value as number) > (wanted as number);
    case '>=':
      return (value as number) >= (wanted as number);
  }
}
