import ipaddr from 'ipaddr.js';
import { findFlowLogField, nearestFlowLogField, type FlowLogFieldDefinition } from '../flow-log-fields';
import type { FlowLogRecord } from '../flow-log-record';
import { FilterSyntaxError, tokenize, type FilterToken } from './filter-tokens';

/** A parsed filter: a condition on a record's fields, or the ways to combine them. */
export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  | {
      readonly kind: 'compare';
      readonly field: FlowLogFieldDefinition;
      readonly operator: '==' | '!=' | '<' | '<=' | '>' | '>=';
      readonly value: number | string;
    }
  | { readonly kind: 'in'; readonly field: FlowLogFieldDefinition; readonly values: ReadonlySet<number | string> }
  | { readonly kind: 'in-cidr'; readonly field: FlowLogFieldDefinition; readonly ranges: readonly Range[] };

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** The deepest nesting of parentheses and `not` read (a person's filter needs a handful). */
export const MAX_FILTER_DEPTH = 64;
/** The longest `in [...]` list read. */
export const MAX_FILTER_LIST = 10_000;

/**
 * Parses a filter expression once: conditions on flow-log fields by their
 * AWS names, combined with `and`, `or`, `not` and parentheses. Never
 * evaluated as JavaScript. Throws `FilterSyntaxError` naming what is wrong
 * and where: an unknown field (with the nearest name), a comparison that can
 * never hold (a word with a number field), too deep or too long.
 */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let position = 0;
  const peek = (): FilterToken => tokens[position]!;
  const next = (): FilterToken => tokens[position++]!;
  const isWord = (word: string) => peek().kind === 'word' && peek().text.toLowerCase() === word;

  function expression(depth: number): FilterNode {
    if (depth > MAX_FILTER_DEPTH)
      throw new FilterSyntaxError(`The filter nests more than ${MAX_FILTER_DEPTH} levels deep.`, peek().at);
    let left = conjunction(depth);
    while (isWord('or')) {
      next();
      left = { kind: 'or', left, right: conjunction(depth) };
    }
    return left;
  }

  function conjunction(depth: number): FilterNode {
    let left = negation(depth);
    while (isWord('and')) {
      next();
      left = { kind: 'and', left, right: negation(depth) };
    }
    return left;
  }

  function negation(depth: number): FilterNode {
    if (isWord('not')) {
      next();
      if (depth + 1 > MAX_FILTER_DEPTH)
        throw new FilterSyntaxError(`The filter nests more than ${MAX_FILTER_DEPTH} levels deep.`, peek().at);
      return { kind: 'not', operand: negation(depth + 1) };
    }
    const token = peek();
    if (token.kind === 'punct' && token.text === '(') {
      next();
      const inner = expression(depth + 1);
      expect(')');
      return inner;
    }
    return condition();
  }

  function expect(text: string): void {
    const token = next();
    if (token.text !== text || (token.kind !== 'punct' && token.kind !== 'word'))
      throw new FilterSyntaxError(`Expected "${text}" but found ${describe(token)}.`, token.at);
  }

  function condition(): FilterNode {
    const token = next();
    if (token.kind !== 'word')
      throw new FilterSyntaxError(`Expected a field name but found ${describe(token)}.`, token.at);
    const field = findFlowLogField(token.text);
    if (field === undefined) {
      const nearest = nearestFlowLogField(token.text);
      throw new FilterSyntaxError(
        `"${token.text}" is not a flow-log field.${nearest === undefined ? '' : ` Did you mean "${nearest}"?`}`,
        token.at,
      );
    }
    if (isWord('in')) {
      next();
      return membership(field);
    }
    const operator = next();
    if (operator.kind !== 'operator')
      throw new FilterSyntaxError(
        `Expected an operator or "in" after "${field.name}", found ${describe(operator)}.`,
        operator.at,
      );
    const value = valueFor(field, next());
    if (operator.text !== '==' && operator.text !== '!=' && typeof value !== 'number')
      throw new FilterSyntaxError(`"${field.name}" is not a number: only ==, != and in apply to it.`, operator.at);
    return { kind: 'compare', field, operator: operator.text, value };
  }

  function membership(field: FlowLogFieldDefinition): FilterNode {
    const items: FilterToken[] = [];
    const open = peek();
    if (open.kind === 'punct' && open.text === '[') {
      next();
      while (!(peek().kind === 'punct' && peek().text === ']')) {
        if (items.length >= MAX_FILTER_LIST)
          throw new FilterSyntaxError(`An "in" list holds at most ${MAX_FILTER_LIST} values.`, peek().at);
        items.push(next());
        if (peek().kind === 'punct' && peek().text === ',') next();
        else if (!(peek().kind === 'punct' && peek().text === ']'))
          throw new FilterSyntaxError(`Expected "," or "]" but found ${describe(peek())}.`, peek().at);
      }
      next();
    } else items.push(next());
    if (field.type === 'address') return { kind: 'in-cidr', field, ranges: items.map(item => cidrOf(field, item)) };
    return { kind: 'in', field, values: new Set(items.map(item => valueFor(field, item))) };
  }

  const tree = expression(0);
  if (peek().kind !== 'end') throw new FilterSyntaxError(`Unexpected ${describe(peek())}.`, peek().at);
  return tree;
}

const describe = (token: FilterToken) => (token.kind === 'end' ? 'the end' : `"${token.text}"`);

/** A value compared with `field`: a number for integer and timestamp fields, text otherwise. */
function valueFor(field: FlowLogFieldDefinition, token: FilterToken): number | string {
  if (token.kind !== 'word' && token.kind !== 'string')
    throw new FilterSyntaxError(`Expected a value for "${field.name}" but found ${describe(token)}.`, token.at);
  if (field.type === 'integer' || field.type === 'timestamp') {
    const number = token.kind === 'word' && /^\d{1,16}$/.test(token.text) ? Number(token.text) : Number.NaN;
    if (!Number.isSafeInteger(number))
      throw new FilterSyntaxError(`"${field.name}" is a number, so ${describe(token)} can never match it.`, token.at);
    return number;
  }
  if (field.type === 'address' && !ipaddr.isValid(token.text))
    throw new FilterSyntaxError(`${describe(token)} is not an IP address ("${field.name}" holds one).`, token.at);
  return token.text;
}

/** An address range: `10.0.0.0/8`, or one address as its own range. */
function cidrOf(field: FlowLogFieldDefinition, token: FilterToken): Range {
  try {
    if (token.text.includes('/')) return ipaddr.parseCIDR(token.text);
    const address = ipaddr.parse(token.text);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new FilterSyntaxError(
      `${describe(token)} is not an IP address or CIDR range ("${field.name}" holds addresses).`,
      token.at,
    );
  }
}

/**
 * Whether `record` passes `filter`. A record without a field fails each
 * condition on it (`not` then passes it). Addresses are compared as
 * addresses, so `::ffff:10.0.0.1` is not `10.0.0.1` but `2001:db8::1` is
 * `2001:0db8::1`.
 */
export function matchesFilter(filter: FilterNode, record: FlowLogRecord): boolean {
  switch (filter.kind) {
    case 'and':
      return matchesFilter(filter.left, record) && matchesFilter(filter.right, record);
    case 'or':
      return matchesFilter(filter.left, record) || matchesFilter(filter.right, record);
    case 'not':
      return !matchesFilter(filter.operand, record);
    case 'compare': {
      const value = record[filter.field.key];
      if (value === undefined) return false;
      if (filter.field.type === 'address') {
        const same =
          ipaddr.parse(value as string).toNormalizedString() ===
          ipaddr.parse(filter.value as string).toNormalizedString();
        return filter.operator === '==' ? same : !same;
      }
      switch (filter.operator) {
        case '==':
          return value === filter.value;
        case '!=':
          return value !== filter.value;
        case '<':
          return value < filter.value;
        case '<=':
          return value <= filter.value;
        case '>':
          return value > filter.value;
        case '>=':
          return value >= filter.value;
      }
    }
    // falls through: every operator returned
    case 'in': {
      const value = record[filter.field.key];
      return value !== undefined && filter.values.has(value);
    }
    case 'in-cidr': {
      const value = record[filter.field.key];
      if (value === undefined) return false;
      const address = ipaddr.parse(value as string);
      return filter.ranges.some(([range, bits]) => address.kind() === range.kind() && address.match(range, bits));
    }
  }
}
